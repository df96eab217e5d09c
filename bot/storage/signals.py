"""What the anomaly rules read (issue 11 §4), in two grouped statements: the live entries of the
members being judged, and the day totals of the whole campaign (the peers).

Live means neither rejected nor undone, and not a correction itself: an undo's correction cancels its
entry exactly, so the live entries sum to the net counts. A report's day is the one day rule's (README):
the work day named, else the local day of the moment it counts at (`counted_at`, else when sent). SQLite
has no time zones, so the local day is taken at the zone's offset passed in (the campaign's at its start:
exact for zones without daylight saving, like China's). Both statements use the same expression, so an
entry and its day total always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import aiosqlite

from bot.domain.live_entries import DayTotal, Entry

_LIVE = (
    "r.campaign_id = ? AND r.status != 'rejected' AND r.source != 'correction' "
    "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id)"
)
_DAY = "COALESCE(r.work_date, date(COALESCE(r.counted_at, r.created_at) + ?, 'unixepoch'))"
# Over the whole campaign, read the table in its own order: the covering index lacks the work day and
# the source, and following it would fetch every row by a random jump (about 4× slower measured).
_WHOLE = " NOT INDEXED"


class SignalRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def entries(
        self, campaign_id: int, member_ids: Sequence[int] | None, offset_seconds: int
    ) -> tuple[list[Entry], set[int]]:
        """The live entries of `member_ids` (None: everyone's), and which of them await review."""
        members = ""
        params: list[object] = [offset_seconds, campaign_id]
        if member_ids is not None:
            members = f" AND r.member_id IN ({','.join('?' * len(member_ids)) or 'NULL'})"
            params += member_ids
        rows = await self.conn.execute_fetchall(
            f"SELECT r.id, r.member_id, r.task, r.delta, r.created_at, {_DAY}, r.entered_by IS NOT NULL, "
            f"r.status = 'reported' FROM reports r{_WHOLE if member_ids is None else ''} WHERE {_LIVE}{members}",
            params,
        )
        entries, pending, days = [], set(), _Days()
        for r in rows:
            at = datetime.fromtimestamp(r[4], UTC)
            entries.append(Entry(r[0], r[1], r[2], r[3], at, days(r[5]), bool(r[6])))
            if r[7]:
                pending.add(int(r[0]))
        return entries, pending

    async def reporters(self, campaign_id: int) -> list[int]:
        """Every member with an entry in the campaign (removed members' too), by id."""
        rows = await self.conn.execute_fetchall(
            "SELECT DISTINCT member_id FROM reports WHERE campaign_id = ? ORDER BY member_id", (campaign_id,)
        )
        return [int(r[0]) for r in rows]

    async def day_totals(self, campaign_id: int, offset_seconds: int) -> list[DayTotal]:
        """Per member, task and day: the live total of the whole campaign."""
        rows = await self.conn.execute_fetchall(
            f"SELECT r.member_id, r.task, {_DAY} AS day, SUM(r.delta) FROM reports r{_WHOLE} WHERE {_LIVE} "
            "GROUP BY r.member_id, r.task, day",
            (offset_seconds, campaign_id),
        )
        days = _Days()
        return [DayTotal(r[0], r[1], days(r[2]), int(r[3])) for r in rows]

    async def pending(self, campaign_id: int, member_ids: Sequence[int] | None) -> set[int]:
        """The ids of the live entries awaiting review (of `member_ids`; None: everyone's), from the
        backlog index."""
        members, params = "", [campaign_id]
        if member_ids is not None:
            members = f" AND r.member_id IN ({','.join('?' * len(member_ids)) or 'NULL'})"
            params += member_ids
        rows = await self.conn.execute_fetchall(
            f"SELECT r.id FROM reports r INDEXED BY reports_pending WHERE r.status = 'reported' AND {_LIVE}{members}",
            params,
        )
        return {int(r[0]) for r in rows}


class _Days(dict[str, date]):
    """ISO day → date, parsed once each: a campaign has tens of days and a million rows."""

    def __call__(self, text: str) -> date:
        found = self.get(text)
        if found is None:
            found = self[text] = date.fromisoformat(text)
        return found
