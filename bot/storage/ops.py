"""Small repositories for operational state: join codes, preferences, bound groups, audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

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


class AuditRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def record(
        self,
        action: str,
        now: datetime,
        *,
        member_id: int | None = None,
        user_id: int | None = None,
        campaign_id: int | None = None,
        **details: Any,
    ) -> None:
        await self.conn.execute(
            "INSERT INTO audit_log (at, actor_member_id, actor_user_id, campaign_id, action, details) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                to_ts(now),
                member_id,
                user_id,
                campaign_id,
                action,
                json.dumps(details, ensure_ascii=False, default=str),
            ),
        )

    async def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        async with self.conn.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)) as cur:
            rows = await cur.fetchall()
        return [dict(r) | {"details": json.loads(r["details"])} for r in rows]
