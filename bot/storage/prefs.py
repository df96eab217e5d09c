"""A member's preferences: the campaign their commands refer to, and whether the bot can reach them."""

from __future__ import annotations

import aiosqlite


class PrefsRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def chosen_campaign(self, member_id: int) -> int | None:
        async with self.conn.execute("SELECT campaign_id FROM member_prefs WHERE member_id = ?", (member_id,)) as cur:
            r = await cur.fetchone()
        return int(r[0]) if r and r[0] is not None else None

    async def choose_campaign(self, member_id: int, campaign_id: int) -> None:
        await self.conn.execute(
            "INSERT INTO member_prefs (member_id, campaign_id) VALUES (?, ?) "
            "ON CONFLICT(member_id) DO UPDATE SET campaign_id = excluded.campaign_id",
            (member_id, campaign_id),
        )

    async def set_unreachable(self, member_id: int, unreachable: bool) -> None:
        await self.conn.execute(
            "INSERT INTO member_prefs (member_id, unreachable) VALUES (?, ?) "
            "ON CONFLICT(member_id) DO UPDATE SET unreachable = excluded.unreachable",
            (member_id, int(unreachable)),
        )

    async def unreachable_ids(self) -> set[int]:
        async with self.conn.execute("SELECT member_id FROM member_prefs WHERE unreachable = 1") as cur:
            return {int(r[0]) for r in await cur.fetchall()}
