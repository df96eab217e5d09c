"""Migration v17: /undo finds what its sender typed for others in one index seek (SPEC §4, §9;
bot/storage/undos.py SENT_BY). Append only, like every migration: never edit once shipped.

/undo takes back what *you* sent: your own reports, found by `reports_progress` (campaign, member), and
the entries you typed for others with /report_for (`entered_by` = you). Nothing indexed `entered_by`, so
the second half read every row of the campaign (a county's whole ledger) on each leader's /undo. The index
is partial — only entries typed on someone's behalf, a small share of the ledger, are in it — and holds
each entry's rowid in order, so the latest is read first. Cost: ≈ 20 bytes per /report_for entry; a
cadre's own report does not touch it.
"""

from __future__ import annotations

V17_ENTERED_BY = """
CREATE INDEX reports_entered ON reports (campaign_id, entered_by) WHERE entered_by IS NOT NULL
"""
