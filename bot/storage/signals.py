"""What the anomaly rules read (issue 11 §4), in two grouped statements: the live entries of the
members being judged, and the day totals of the whole campaign (the peers).

Live means neither rejected nor undone, and not a correction itself: an undo's correction cancels its
entry exactly, so the live entries sum to the net counts. A report's day is the work day the member
named, else the local day it was sent; SQLite has no time zones, so the local day is taken at the
zone's offset passed in (the campaign's at its start: exact for zones without daylight saving, like
China's). Both statements use the same expression, so an entry and its day total always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import aiosqlite

from bot.domain.anomalies import DayTotal, Entry
from bot.storage.codec import from_ts

_LIVE = (
    "r.campaign_id = ? AND r.status != 'rejected' AND r.source != 'correction' "
    "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id)"
)
_DAY = "COALESCE(r.work_date, date(r.created_at + ?, 'unixepoch'))"


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
            f"r.status = 'reported' FROM reports r WHERE {_LIVE}{members}",
            params,
        )
        entries, pending = [], set()
        for r in rows:
            entries.append(Entry(r[0], r[1], r[2], r[3], from_ts(r[4]), date.fromisoformat(r[5]), bool(r[6])))
            if r[7]:
                pending.add(int(r[0]))
        return entries, pending

    async def day_totals(self, campaign_id: int, offset_seconds: int) -> list[DayTotal]:
        """Per member, task and day: the live total of the whole campaign."""
        rows = await self.conn.execute_fetchall(
            f"SELECT r.member_id, r.task, {_DAY} AS day, SUM(r.delta) FROM reports r WHERE {_LIVE} "
            "GROUP BY r.member_id, r.task, day",
            (offset_seconds, campaign_id),
        )
        return [DayTotal(r[0], r[1], date.fromisoformat(r[2]), int(r[3])) for r in rows]
