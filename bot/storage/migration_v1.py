"""Migration v1: the core: the organisation (units, members), a campaign and its parts (tasks, milestones, rules,
units, roster, quotas) and the ledger (`reports`). Append only, like every migration: never edit once shipped.
"""

from __future__ import annotations

V1_CORE = """
CREATE TABLE units (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT REFERENCES units(code)
);
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit_code TEXT NOT NULL REFERENCES units(code),
    role TEXT NOT NULL CHECK (role IN ('leader', 'cadre')),
    language TEXT NOT NULL DEFAULT 'zh',
    weight REAL NOT NULL DEFAULT 1.0,
    telegram_user_id INTEGER UNIQUE,
    joined_at INTEGER
);
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at INTEGER NOT NULL,
    timezone TEXT NOT NULL,
    settings TEXT NOT NULL,
    cancelled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,  -- notifications due before the plan was imported were never scheduled
    updated_at INTEGER NOT NULL
);
CREATE TABLE campaign_tasks (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    aliases TEXT NOT NULL,
    max_per_report INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, key)
);
CREATE TABLE milestones (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    percent INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, percent)
);
CREATE TABLE rules (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    level TEXT NOT NULL,
    task TEXT NOT NULL,
    count INTEGER NOT NULL,
    by_percent INTEGER NOT NULL
);
CREATE TABLE campaign_units (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    unit_code TEXT NOT NULL REFERENCES units(code),
    position INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, unit_code)
);
CREATE TABLE campaign_members (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    active INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, member_id)
);
CREATE TABLE quotas (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    assignee_kind TEXT NOT NULL CHECK (assignee_kind IN ('unit', 'member')),
    assignee_key TEXT NOT NULL,
    task TEXT NOT NULL,
    quota INTEGER NOT NULL CHECK (quota >= 0),
    PRIMARY KEY (campaign_id, assignee_kind, assignee_key, task)
);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    task TEXT NOT NULL,
    delta INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('button', 'text', 'command', 'correction')),
    chat_id INTEGER,
    message_id INTEGER,
    revision INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'verified', 'rejected')),
    verified_by INTEGER REFERENCES members(id),
    verified_at INTEGER,
    corrects_id INTEGER REFERENCES reports(id)
);
-- A Telegram message (at one edit revision) yields at most one entry per task: a repeat is a no-op.
CREATE UNIQUE INDEX reports_origin ON reports (chat_id, message_id, revision, task)
    WHERE source != 'correction';
-- An entry is corrected at most once, so an undo or edit delivered twice cannot subtract twice.
CREATE UNIQUE INDEX reports_corrects ON reports (corrects_id) WHERE corrects_id IS NOT NULL;
-- Covering index for the per-(member, task) aggregates behind progress, ranking and bulletins.
CREATE INDEX reports_progress ON reports (campaign_id, member_id, task, status, created_at, delta);
CREATE INDEX reports_pending ON reports (campaign_id, status) WHERE status = 'reported';
"""
