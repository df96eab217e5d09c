"""Migration v16: an index to find when a member-task's verified sum reached what it is (the ranking's
tie-break under required verification, SPEC §3.3). Append only, like every migration: never edit once
shipped.

Under required verification an entry counts from the moment a leader verified it, and `verified_at` is
in no other index: the latest one per member-task would be a walk over every verified row of it (a
table lookup each) in every book. Partial — verified rows only — so a report's insert, which is
pending or a correction, leaves it alone; a verification adds one entry. An entry verified without a
recorded time (none is, through the bot; a hand-written ledger may) counts from when it was sent: the
expression is the one the readers order by (bot/storage/ledger_reads.py MOMENTS).
"""

from __future__ import annotations

V16_COUNTED_AT = """
CREATE INDEX reports_counted ON reports (campaign_id, member_id, task, COALESCE(verified_at, created_at))
    WHERE status = 'verified'
"""
