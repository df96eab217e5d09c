"""The `leaves` table (v9): members' leave as whole campaign-local days. Dates only, never a reason.

Each write carries the update that caused it (MessageKey: chat and message), so the service can find
what a redelivered /leave or /leave off wrote the first time and answer the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.leave import Leave
from bot.domain.origin import MessageKey
from bot.storage.codec import to_ts

_COLUMNS = "id, campaign_id, member_id, first_day, last_day, created_by, cancelled, ended_at, resplit_at"


@dataclass(frozen=True, slots=True)
class LeaveRow:
    id: int
    campaign_id: int
    member_id: int
    leave: Leave
    created_by: int | None
    cancelled: bool
    ended: bool = False  # ended early (or called off, or merged away) since it was set
    resplit: bool = False  # its remaining quota was handed to the unit's others


def _row(r: aiosqlite.Row | tuple[object, ...]) -> LeaveRow:
    first, last = date.fromisoformat(str(r[3])), date.fromisoformat(str(r[4]))
    ids = int(str(r[0])), int(str(r[1])), int(str(r[2]))
    return LeaveRow(*ids, Leave(first, last), _opt(r[5]), bool(r[6]), r[7] is not None, r[8] is not None)


# LeaveRepo.of_member()'s condition, also run inside a typed report's one-trip write (bot/storage/ledger.py).
MEMBER_LEAVES = "campaign_id = ? AND member_id = ? AND cancelled = 0 ORDER BY first_day, id"
MEMBER_LEAVES_SQL = f"SELECT {_COLUMNS} FROM leaves WHERE {MEMBER_LEAVES}"
leave_row = _row  # the same decoding for the one-trip write


def _opt(value: object) -> int | None:
    return None if value is None else int(str(value))


class LeaveRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def _fetch(self, sql: str, params: tuple[object, ...]) -> list[LeaveRow]:
        async with self.conn.execute(f"SELECT {_COLUMNS} FROM leaves WHERE {sql}", params) as cur:
            return [_row(r) for r in await cur.fetchall()]

    async def get(self, leave_id: int) -> LeaveRow | None:
        rows = await self._fetch("id = ?", (leave_id,))
        return rows[0] if rows else None

    async def of_member(self, campaign_id: int, member_id: int) -> list[LeaveRow]:
        """The member's leaves that count (not called off nor merged away), earliest first."""
        return await self._fetch(MEMBER_LEAVES, (campaign_id, member_id))

    async def for_campaign(self, campaign_id: int, *, ending_from: date | None = None) -> list[LeaveRow]:
        """Every leave of the campaign that counts; with `ending_from`, only those not over before it."""
        if ending_from is None:
            return await self._fetch("campaign_id = ? AND cancelled = 0 ORDER BY first_day, id", (campaign_id,))
        return await self._fetch(
            "campaign_id = ? AND cancelled = 0 AND last_day >= ? ORDER BY first_day, id",
            (campaign_id, ending_from.isoformat()),
        )

    async def caused_by(self, message: MessageKey) -> LeaveRow | None:
        """The leave a /leave message wrote, if it was handled before."""
        rows = await self._fetch("chat_id = ? AND message_id = ?", (message.chat_id, message.message_id))
        return rows[0] if rows else None

    async def ended_by(self, message: MessageKey) -> list[LeaveRow]:
        """The leaves a message ended or replaced, if it was handled before."""
        return await self._fetch(
            "ended_chat_id = ? AND ended_message_id = ? ORDER BY id", (message.chat_id, message.message_id)
        )

    async def add(
        self,
        campaign_id: int,
        member_id: int,
        leave: Leave,
        created_by: int | None,
        at: datetime,
        message: MessageKey | None,
    ) -> int:
        chat, msg = (message.chat_id, message.message_id) if message is not None else (None, None)
        async with self.conn.execute(
            "INSERT INTO leaves (campaign_id, member_id, first_day, last_day, created_by, created_at, chat_id, "
            "message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (campaign_id, member_id, leave.first.isoformat(), leave.last.isoformat(), created_by, to_ts(at), chat, msg),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def end(self, leave_id: int, last: date | None, at: datetime, message: MessageKey | None) -> None:
        """End a leave early: `last` is its new last day; None calls it off (or marks it merged away)."""
        chat, msg = (message.chat_id, message.message_id) if message is not None else (None, None)
        if last is None:
            await self.conn.execute(
                "UPDATE leaves SET cancelled = 1, ended_at = ?, ended_chat_id = ?, ended_message_id = ? WHERE id = ?",
                (to_ts(at), chat, msg, leave_id),
            )
        else:
            await self.conn.execute(
                "UPDATE leaves SET last_day = ?, ended_at = ?, ended_chat_id = ?, ended_message_id = ? WHERE id = ?",
                (last.isoformat(), to_ts(at), chat, msg, leave_id),
            )

    async def mark_resplit(self, leave_id: int, at: datetime, message: MessageKey) -> bool:
        """Record the re-split offer taken; False when it was taken before (a second press)."""
        async with self.conn.execute(
            "UPDATE leaves SET resplit_at = ?, resplit_chat_id = ?, resplit_message_id = ? "
            "WHERE id = ? AND resplit_at IS NULL RETURNING id",
            (to_ts(at), message.chat_id, message.message_id, leave_id),
        ) as cur:
            return await cur.fetchone() is not None
