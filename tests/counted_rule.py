"""The one day rule (README) as 核查 and the export's daily sheet read it before migration v18 held it in
the row: each ledger row joined to the entries that date it. Kept as the tests' definition, which the
per-day sums (the day sums, the ledger's own groupings) must agree with after real ledger writes.

An entry counts on the day the member named, else on the local day it was sent (recorded, or for a report
recorded when the question it raised was answered, the moment the question was asked); a
correction (an /undo, the take-back of an edit) on the day of the entry it corrects, and an edit's new
revision on the day of its message's first entry, unless the edit names a day itself."""

from __future__ import annotations

import aiosqlite

# For a ledger row `r`: `b`, the entry a correction corrects (else `r`); `a`, for an undated revision,
# its message's first entry. The moment of the entry that dates `r` (`a`, else `b`) is when it was sent:
# when the question about its revision was asked, if it was recorded on that question's ✅, else when
# it was recorded.
_SENT = (
    "(SELECT q.asked_at FROM confirmations q WHERE q.chat_id = {x}.chat_id AND q.message_id = {x}.message_id "
    "AND q.revision = {x}.revision AND q.member_id = {x}.member_id AND q.state = 'confirmed')"
)
_BY_THE_RULE = (
    "SELECT r.member_id, r.task, COALESCE(b.work_date, a.work_date, "
    f"date(COALESCE({_SENT.format(x='a')}, a.created_at, {_SENT.format(x='b')}, b.created_at) + :offset, "
    "'unixepoch')) AS day, r.status, SUM(r.delta) "
    "FROM reports r JOIN reports b ON b.id = COALESCE(r.corrects_id, r.id) "
    "LEFT JOIN reports a ON a.id = CASE WHEN b.revision > 0 AND b.work_date IS NULL THEN ("
    "SELECT MIN(f.id) FROM reports f WHERE f.chat_id = b.chat_id AND f.message_id = b.message_id "
    "AND f.member_id = b.member_id AND f.source != 'correction') END "
    "WHERE r.campaign_id = :campaign GROUP BY r.member_id, r.task, day, r.status"
)

Sums = dict[tuple[int, str, str, str], int]  # (member, task, day, status) → sum


async def by_the_rule(conn: aiosqlite.Connection, campaign_id: int, offset_seconds: int) -> Sums:
    """Every non-zero sum per member, task, day and status, each entry dated by the rule's joins."""
    rows = await conn.execute_fetchall(_BY_THE_RULE, {"campaign": campaign_id, "offset": offset_seconds})
    return {(int(m), str(t), str(d), str(s)): int(n) for m, t, d, s, n in rows if n}


async def kept(conn: aiosqlite.Connection, campaign_id: int) -> Sums:
    """The same sums from the kept day sums (migration v12)."""
    rows = await conn.execute_fetchall(
        "SELECT member_id, task, day, status, SUM(total) FROM day_sums WHERE campaign_id = ? "
        "GROUP BY member_id, task, day, status",
        (campaign_id,),
    )
    return {(int(m), str(t), str(d), str(s)): int(n) for m, t, d, s, n in rows if n}
