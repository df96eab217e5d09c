"""Migration v3: every leader hears of a notification's problem once, in their own digest. Append only, like every
migration: never edit once shipped.

Every leader whose scope holds a missed / uncertain / failed / unreachable notification hears of
it once, in their own digest (v2's `reported` flag let the first leader's digest hide it from the
others). Rows flagged `reported` under v2 count as heard by everyone.
"""

from __future__ import annotations

V3_PROBLEMS_PER_LEADER = """
CREATE TABLE problem_reports (
    notification_id INTEGER NOT NULL REFERENCES notifications(id),
    leader_id INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (notification_id, leader_id)
) WITHOUT ROWID
"""
