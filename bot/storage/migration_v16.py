"""Migration v16: the moments a progress book reads per member-task, each in one covering index seek
(SPEC §2 status, §3.3 ranking; bot/storage/book_reads.py moments_sql). Append only, like every
migration: never edit once shipped.

A book reads, per member-task, when the member last sent a report (the latest entry that is no
correction) and when the sum that counts reached what it is (the latest *live* entry — no correction,
not corrected since — counted from when it was sent or, when verified work counts, from when it was
verified). `reports_progress` held neither `source` nor `verified_at`: each step down it looked the row
up in the table, a random page per member-task and status in a county's book (+0.2–0.4 s at a million
rows). It is built again with `source` at its end (same order, so every reader of it reads as before),
and verified entries get an index ordered by when they were verified (partial: a report's insert, pending
or a correction, leaves it alone; a verification adds an entry). The rowid in each serves the probe of
`reports_corrects` (is it corrected?). Cost: the rebuild, once (seconds at a million rows); a few bytes a
ledger row in `reports_progress`, ≈ 40 bytes a verified row in `reports_counted`.
"""

from __future__ import annotations

V16_MOMENTS = """
DROP INDEX reports_progress;
CREATE INDEX reports_progress ON reports (campaign_id, member_id, task, status, created_at, delta, source);
CREATE INDEX reports_counted ON reports (campaign_id, member_id, task, status, verified_at, created_at, source)
    WHERE status = 'verified'
"""
