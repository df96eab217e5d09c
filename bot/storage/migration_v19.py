"""Migration v19: the counted steps of a member-task in the order they became counted, each in one
covering index range (SPEC §3.3 ranking ties; bot/storage/book_reads.py counted_steps,
bot/domain/reaching.py). Append only, like every migration: never edit once shipped.

The ranking's tie-break is since when an assignee's capped completion has held its level, found on each
member-task's counted entries in time order: every entry not rejected by when it was sent, or — when
only verified work counts — every verified entry by when it was verified. `reports_progress` orders by
status before time, so reading them in time order sorted the whole ledger (seconds at a million rows):
`reports_steps` holds the entries not rejected by when they were sent, `reports_verified_steps` the
verified ones by when they were verified (no time recorded: when written), each with its delta (and
the columns its statement names, so neither looks a row up in the table). The second replaces
`reports_counted` (v16), whose only reader — the former tie-break, a member-task's latest live verified
entry — is gone. Cost: ≈ 30 bytes a ledger row, one more index entry a report; built in ≈ 2 s at a
million rows.
"""

from __future__ import annotations

V19_STEPS = """
CREATE INDEX reports_steps ON reports (campaign_id, member_id, task, created_at, delta, status)
    WHERE status != 'rejected';
DROP INDEX reports_counted;
CREATE INDEX reports_verified_steps ON reports (
    campaign_id, member_id, task, COALESCE(verified_at, created_at), delta, status, verified_at, created_at
) WHERE status = 'verified'
"""
