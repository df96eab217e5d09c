"""Migration v2: operations: join codes, a member's prefs, the groups bound and seen, the audit log, the
notifications sent and the bulletins posted. Append only, like every migration: never edit once shipped.
"""

from __future__ import annotations

V2_OPERATIONS = """
CREATE TABLE join_codes (
    code TEXT PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by INTEGER
);
CREATE INDEX join_codes_member ON join_codes (member_id);
CREATE TABLE join_attempts (
    telegram_user_id INTEGER NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX join_attempts_user ON join_attempts (telegram_user_id, at);
CREATE TABLE member_prefs (
    member_id INTEGER PRIMARY KEY REFERENCES members(id),
    campaign_id INTEGER REFERENCES campaigns(id),
    unreachable INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE bound_groups (
    chat_id INTEGER PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES units(code),
    bound_by INTEGER NOT NULL REFERENCES members(id),
    bound_at INTEGER NOT NULL
);
CREATE TABLE seen_groups (  -- groups the bot was added to, left after a day if nobody binds them
    chat_id INTEGER PRIMARY KEY,
    added_at INTEGER NOT NULL,
    left_at INTEGER
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_member_id INTEGER,
    actor_user_id INTEGER,
    campaign_id INTEGER,
    action TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    kind TEXT NOT NULL,
    milestone_percent INTEGER,
    recipient TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'missed', 'unreachable', 'skipped',
                                         'uncertain')),
    claimed_at INTEGER NOT NULL,
    sent_at INTEGER,
    message_id INTEGER,
    late INTEGER NOT NULL DEFAULT 0,
    reported INTEGER NOT NULL DEFAULT 0,  -- listed in a leader digest already
    detail TEXT
);
CREATE INDEX notifications_state ON notifications (campaign_id, state);
CREATE TABLE bulletin_snapshots (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    unit_code TEXT NOT NULL,
    posted_at INTEGER NOT NULL,
    completions TEXT NOT NULL,
    PRIMARY KEY (campaign_id, unit_code)
)
"""
