"""Join codes (single use, expiring) and the failed attempts that rate-limit redeeming them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.storage.codec import from_ts, to_ts


@dataclass(frozen=True, slots=True)
class JoinCode:
    code: str
    member_id: int
    expires_at: datetime
    used_at: datetime | None


class JoinCodeRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def add(self, code: str, member_id: int, now: datetime, ttl: timedelta) -> None:
        await self.conn.execute(
            "INSERT INTO join_codes (code, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (code, member_id, to_ts(now), to_ts(now + ttl)),
        )

    async def get(self, code: str) -> JoinCode | None:
        async with self.conn.execute("SELECT * FROM join_codes WHERE code = ?", (code,)) as cur:
            r = await cur.fetchone()
        if r is None:
            return None
        used = from_ts(r["used_at"]) if r["used_at"] is not None else None
        return JoinCode(r["code"], r["member_id"], from_ts(r["expires_at"]), used)

    async def valid_for_member(self, member_id: int, now: datetime) -> JoinCode | None:
        async with self.conn.execute(
            "SELECT code FROM join_codes WHERE member_id = ? AND used_at IS NULL AND expires_at > ? "
            "ORDER BY expires_at DESC LIMIT 1",
            (member_id, to_ts(now)),
        ) as cur:
            r = await cur.fetchone()
        return await self.get(r[0]) if r else None

    async def mark_used(self, code: str, user_id: int, now: datetime) -> bool:
        """Single use: only the first redemption flips the row."""
        cur = await self.conn.execute(
            "UPDATE join_codes SET used_at = ?, used_by = ? WHERE code = ? AND used_at IS NULL",
            (to_ts(now), user_id, code),
        )
        return cur.rowcount == 1

    async def record_failure(self, user_id: int, now: datetime) -> None:
        await self.conn.execute("INSERT INTO join_attempts (telegram_user_id, at) VALUES (?, ?)", (user_id, to_ts(now)))

    async def failures_since(self, user_id: int, since: datetime) -> int:
        async with self.conn.execute(
            "SELECT COUNT(*) FROM join_attempts WHERE telegram_user_id = ? AND at >= ?",
            (user_id, to_ts(since)),
        ) as cur:
            r = await cur.fetchone()
        return int(r[0]) if r else 0
