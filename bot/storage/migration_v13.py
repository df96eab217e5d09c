"""Migration v13: each member-task's flags, judged once per write to it (issue 11 §4: a county's digest
well under a second). Append only, like every migration: never edit once shipped.

`task_marks` counts, per campaign, member and task, the writes to its ledger rows (a trigger in every
writing statement's transaction, like v12's day sums): a member-task whose count moved past the one
its kept judgement was made at is judged again before any flag is read. `task_flags` keeps that
judgement (bot/domain/task_flags.py): the pending reports' reasons but SPIKE, the candidate spike days,
the day totals, and a fingerprint of the rules it was judged under (thresholds, checkpoints, zone,
quota: a re-imported plan makes the rows it changes stale). `peer_day_counts` counts every kept day
total per task: the spike rule's peers, kept in the same transaction as the judgements they sum.
"""

from __future__ import annotations


def _bump(row: str) -> str:
    return (
        f"INSERT INTO task_marks (campaign_id, member_id, task) VALUES ({row}.campaign_id, {row}.member_id, "
        f"{row}.task) ON CONFLICT DO UPDATE SET version = version + 1;\n"
    )


V13_TASK_FLAGS = f"""
CREATE TABLE task_marks (
    campaign_id INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    task TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (campaign_id, member_id, task)
) WITHOUT ROWID;
INSERT INTO task_marks (campaign_id, member_id, task) SELECT DISTINCT campaign_id, member_id, task FROM reports;
CREATE TABLE task_flags (
    campaign_id INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    task TEXT NOT NULL,
    version INTEGER NOT NULL,
    rules TEXT NOT NULL,
    days TEXT NOT NULL,
    flagged INTEGER NOT NULL,
    marks TEXT,
    spikes TEXT,
    PRIMARY KEY (campaign_id, member_id, task)
) WITHOUT ROWID;
CREATE TABLE peer_day_counts (
    campaign_id INTEGER NOT NULL,
    task TEXT NOT NULL,
    total INTEGER NOT NULL,
    days INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, task, total)
) WITHOUT ROWID;
CREATE TRIGGER task_marks_insert AFTER INSERT ON reports
BEGIN
{_bump("NEW")}END;
CREATE TRIGGER task_marks_update AFTER UPDATE ON reports
BEGIN
{_bump("NEW")}END;
CREATE TRIGGER task_marks_move AFTER UPDATE ON reports
WHEN OLD.campaign_id IS NOT NEW.campaign_id OR OLD.member_id IS NOT NEW.member_id OR OLD.task IS NOT NEW.task
BEGIN
{_bump("OLD")}END;
CREATE TRIGGER task_marks_delete AFTER DELETE ON reports
BEGIN
{_bump("OLD")}END
"""
