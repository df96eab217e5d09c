"""Migration v11: graduated warnings, one step per member per checkpoint. Append only, like every migration: never
edit once shipped.

Graduated warnings (issue 11 §5, bot/domain/warnings.py): the step (yellow, red, public) a member took at
a checkpoint, written in the transaction that stores that checkpoint's evaluation, so a re-run after a
crash finds it and neither records nor sends it again (the notices have their own outbox keys). One
step per member per checkpoint; after a met checkpoint resets the count a new run of misses may take
the same level again at a later checkpoint. `missed`: the checkpoints missed in a row at that step.
"""

from __future__ import annotations

V11_WARNINGS = """
CREATE TABLE warnings (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_key TEXT NOT NULL,
    percent INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('yellow', 'red', 'public')),
    missed INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, member_key, percent)
) WITHOUT ROWID
"""
