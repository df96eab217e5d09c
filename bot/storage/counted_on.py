"""The day a ledger entry counts on, for the readers that sum the ledger as of a day or per day from the
rows themselves: 核查 (reconciliations.totals_until) and the export's daily sheet (ReportRepo.iterate).

An entry counts on the day the member named (`work_date`, 昨天走访5), else on the day it was recorded.
A correction (an /undo, or the take-back of an edit) counts on the day of the entry it corrects, and an
edit's new revision on the day of its message's first entry, unless the edit names a day itself: taking
back or fixing a slip is no work done on the day of the fix, so a count as of the slip's day reads what
the member meant, and the fix's day gains nothing.
"""

from __future__ import annotations

# For a ledger row aliased `r`: `counted_work_date` (the day named, or NULL) and `counted_at` (when the
# entry that dates it was recorded). `b`: the entry a correction takes back, else `r` itself; `a`: for
# an undated edit revision, its message's first entry.
COUNTED_COLUMNS = (
    "COALESCE(b.work_date, a.work_date) AS counted_work_date, COALESCE(a.created_at, b.created_at) AS counted_at"
)
COUNTED_JOINS = (
    "JOIN reports b ON b.id = COALESCE(r.corrects_id, r.id) "
    "LEFT JOIN reports a ON a.id = CASE WHEN b.revision > 0 AND b.work_date IS NULL THEN ("  # looked up for those only
    "SELECT MIN(f.id) FROM reports f WHERE f.chat_id = b.chat_id AND f.message_id = b.message_id "
    "AND f.member_id = b.member_id AND f.source != 'correction') END"
)
