"""The report ledger: append-only; only `status` (and who verified) ever changes in place.

Here are its writes; the reads are in bot/storage/ledger_reads.py (ReportRepo has both), and the whole
write of a typed report's first text in one trip to the database thread in bot/storage/first_text.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.domain.model import ReportStatus
from bot.domain.origin import MessageKey, Origin
from bot.storage.book_reads import Aggregate
from bot.storage.codec import to_ts
from bot.storage.first_text import first_text_query
from bot.storage.ledger_reads import LedgerReads, ReportRow, _row

__all__ = ["Aggregate", "ReportRepo", "ReportRow", "_row"]


class ReportRepo(LedgerReads):
    async def append(
        self,
        campaign_id: int,
        member_id: int,
        task: str,
        delta: int,
        origin: Origin,
        at: datetime,
        *,
        corrects: ReportRow | None = None,
        work_date: date | None = None,
        entered_by: int | None = None,
    ) -> int | None:
        """Append one entry (`entered_by`: the leader who typed it for the member). Returns its id, or
        None when the same origin was recorded before. A correction counts on the day of the entry it
        corrects (the one day rule): it carries that entry's work date and the moment it counts at."""
        status = corrects.status if corrects else ReportStatus.REPORTED
        day = corrects.work_date if corrects else work_date
        counted = (corrects.counted_at or corrects.created_at) if corrects else None
        # execute_fetchall: one trip to the connection's thread (not three: execute, fetch, close);
        # a report's latency is mostly such trips.
        rows = await self.conn.execute_fetchall(
            "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, revision, "
            "created_at, status, corrects_id, work_date, entered_by, counted_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING id",
            (
                campaign_id,
                member_id,
                task,
                delta,
                origin.source.value,
                origin.chat_id,
                origin.message_id,
                origin.revision,
                to_ts(at),
                status.value,
                corrects.id if corrects else None,
                day.isoformat() if day else None,
                entered_by,
                to_ts(counted) if counted else None,
            ),
        )
        return next((int(r[0]) for r in rows), None)

    async def append_many(
        self,
        campaign_id: int,
        member_id: int,
        counts: Sequence[tuple[str, int]],
        origin: Origin,
        at: datetime,
        work_date: date | None = None,
        *,
        counted_at: datetime | None = None,
    ) -> int:
        """Append one new entry per (task, delta) of one origin in one statement (one trip, however
        many tasks a message names). Returns how many were new: an origin recorded before adds none.
        An edit's revision that names no day counts on the day of its message's first entry (the one
        day rule): it carries that entry's work date and the moment it counts at. Otherwise the entries
        count at `counted_at` when given (a report recorded after the question it raised was answered:
        when it was sent), else when recorded."""
        if not counts:
            return 0
        source, chat, message, revision = origin.source.value, origin.chat_id, origin.message_id, origin.revision
        day = work_date.isoformat() if work_date else None
        params: list[object] = []
        for task, delta in counts:
            params += [campaign_id, member_id, task, delta, source, chat, message, revision, to_ts(at), day]
        marks = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(counts))
        dated = revision > 0 and day is None and chat is not None and message is not None
        first = (
            "(SELECT work_date, COALESCE(counted_at, created_at) AS counted_at FROM reports WHERE chat_id = ? "
            "AND message_id = ? AND member_id = ? AND source != 'correction' ORDER BY id LIMIT 1)"
            if dated
            else "(SELECT NULL AS work_date, NULL AS counted_at)"
        )
        own = to_ts(counted_at) if counted_at is not None and counted_at < at else None
        rows = await self.conn.execute_fetchall(
            "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, revision, "
            "created_at, status, corrects_id, work_date, counted_at) SELECT v.column1, v.column2, v.column3, "
            "v.column4, v.column5, v.column6, v.column7, v.column8, v.column9, 'reported', NULL, "
            f"COALESCE(v.column10, f.work_date), COALESCE(f.counted_at, ?) FROM (VALUES {marks}) v "
            f"LEFT JOIN {first} f WHERE true ON CONFLICT DO NOTHING RETURNING id",
            [own, *params, *((chat, message, member_id) if dated else ())],  # in the order of the text
        )
        return len(list(rows))

    async def append_first(
        self,
        campaign_id: int,
        member_id: int,
        counts: Sequence[tuple[str, int]],
        message: MessageKey,
        at: datetime,
        work_date: date | None = None,
    ) -> int:
        """append_many() for a message's first text, only while the message has no entry at all (of any
        revision): a redelivery, or a first text arriving after an edit was recorded, adds none. One
        statement for what message_state() and append_many() do in two. Returns how many were new."""
        if not counts:
            return 0
        sql, params = first_text_query(campaign_id, member_id, counts, message, at, work_date)
        inserted = await self.conn.execute_fetchall(sql, params)
        return len(list(inserted))

    async def set_status(self, ids: Sequence[int], status: ReportStatus, by: int | None, at: datetime) -> int:
        """Verify/reject entries still pending; corrections follow the entry they correct."""
        if not ids:
            return 0
        marks = ",".join("?" * len(ids))
        cur = await self.conn.execute(
            f"UPDATE reports SET status = ?, verified_by = ?, verified_at = ? "
            f"WHERE status = 'reported' AND (id IN ({marks}) OR corrects_id IN ({marks}))",
            (status.value, by, to_ts(at), *ids, *ids),
        )
        return cur.rowcount
