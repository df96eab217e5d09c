"""Migration v8: a checkpoint's own evaluation, kept as it was judged. Append only, like every migration: never edit
once shipped.

A checkpoint's own evaluation (SPEC §5): per assignee and task, what was done against the milestone's
target when the checkpoint ran, so a closed milestone is reported as it was judged (the export), not
re-computed with later totals. `due_at` is the due it was judged at: a moved milestone is judged anew.
"""

from __future__ import annotations

V8_CHECKPOINT_RESULTS = """
CREATE TABLE checkpoint_results (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    percent INTEGER NOT NULL,
    assignee_kind TEXT NOT NULL CHECK (assignee_kind IN ('unit', 'member')),
    assignee_key TEXT NOT NULL,
    task TEXT NOT NULL,
    done INTEGER NOT NULL,
    target INTEGER NOT NULL,
    met INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    evaluated_at INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, percent, assignee_kind, assignee_key, task)
) WITHOUT ROWID
"""
