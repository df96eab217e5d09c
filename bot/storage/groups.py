"""Groups the bot was added to (seen) and the unit each one is bound to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.codec import to_ts


@dataclass(frozen=True, slots=True)
class BoundGroup:
    chat_id: int
    unit_code: str
    bound_by: int


class GroupRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def bind(self, chat_id: int, unit_code: str, member_id: int, now: datetime) -> None:
        await self.conn.execute(
            "INSERT INTO bound_groups (chat_id, unit_code, bound_by, bound_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET unit_code = excluded.unit_code, bound_by = excluded.bound_by, "
            "bound_at = excluded.bound_at",
            (chat_id, unit_code, member_id, to_ts(now)),
        )

    async def get(self, chat_id: int) -> BoundGroup | None:
        async with self.conn.execute("SELECT * FROM bound_groups WHERE chat_id = ?", (chat_id,)) as cur:
            r = await cur.fetchone()
        return BoundGroup(r["chat_id"], r["unit_code"], r["bound_by"]) if r else None

    async def for_unit(self, unit_code: str) -> list[BoundGroup]:
        async with self.conn.execute("SELECT * FROM bound_groups WHERE unit_code = ?", (unit_code,)) as cur:
            return [BoundGroup(r["chat_id"], r["unit_code"], r["bound_by"]) for r in await cur.fetchall()]

    async def all(self) -> list[BoundGroup]:
        async with self.conn.execute("SELECT * FROM bound_groups ORDER BY chat_id") as cur:
            return [BoundGroup(r["chat_id"], r["unit_code"], r["bound_by"]) for r in await cur.fetchall()]

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        """Group → supergroup: Telegram gives the group a new id; keep the binding."""
        await self.conn.execute("UPDATE bound_groups SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id))
        await self.conn.execute("UPDATE seen_groups SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id))

    async def seen(self, chat_id: int, now: datetime) -> None:
        await self.conn.execute(
            "INSERT INTO seen_groups (chat_id, added_at) VALUES (?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET added_at = excluded.added_at, left_at = NULL",
            (chat_id, to_ts(now)),
        )

    async def left(self, chat_id: int, now: datetime) -> None:
        await self.conn.execute("UPDATE seen_groups SET left_at = ? WHERE chat_id = ?", (to_ts(now), chat_id))

    async def unbound_since(self, before: datetime) -> list[int]:
        """Groups the bot joined before `before`, is still in, and nobody bound."""
        async with self.conn.execute(
            "SELECT s.chat_id FROM seen_groups s LEFT JOIN bound_groups b ON b.chat_id = s.chat_id "
            "WHERE s.left_at IS NULL AND s.added_at <= ? AND b.chat_id IS NULL",
            (to_ts(before),),
        ) as cur:
            return [int(r[0]) for r in await cur.fetchall()]

    async def unbind(self, chat_id: int) -> None:
        await self.conn.execute("DELETE FROM bound_groups WHERE chat_id = ?", (chat_id,))
