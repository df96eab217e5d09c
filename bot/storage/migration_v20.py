"""Migration v20: the recent sums of a member-task in one covering index range again (SPEC §2 at risk;
bot/storage/book_reads.py RECENT). Append only, like every migration: never edit once shipped.

The at-risk rule's recent sums count an entry by the one day rule — the day it names (`work_date`), else
the day of the moment that dates it (`counted_at`, v18, else `created_at`) — so a correction of an old
slip is no work undone on the day of the fix. `reports_progress` held neither column: every report's
acknowledgement (its member's sums, read in the report's own write) looked each of the member's rows up
in the table. It is built again with both at its end (same order before them, so every reader of it
reads as before). Cost: the rebuild, once (seconds at a million rows); a few bytes a ledger row.
"""

from __future__ import annotations

V20_RECENT = """
DROP INDEX reports_progress;
CREATE INDEX reports_progress ON reports
    (campaign_id, member_id, task, status, created_at, delta, source, counted_at, work_date)
"""
