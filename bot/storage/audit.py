"""The audit log: who did what, when; details as JSON, never a message text (SPEC §8)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import aiosqlite

from bot.storage.codec import to_ts


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
    ) -> int:
        """The entry's id (a /sample's buttons name the entry that holds its picks)."""
        cur = await self.conn.execute(
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
        return int(cur.lastrowid or 0)

    async def get(self, entry_id: int) -> dict[str, Any] | None:
        rows = await self.conn.execute_fetchall("SELECT * FROM audit_log WHERE id = ?", (entry_id,))
        return next((dict(r) | {"details": json.loads(r["details"])} for r in rows), None)

    async def find(self, action: str, campaign_id: int, **match: int) -> dict[str, Any] | None:
        """The latest entry of `action` in the campaign whose details hold every `match` value."""
        where = "".join(f" AND json_extract(details, '$.{key}') = ?" for key in match)
        rows = await self.conn.execute_fetchall(
            f"SELECT * FROM audit_log WHERE action = ? AND campaign_id = ?{where} ORDER BY id DESC LIMIT 1",
            (action, campaign_id, *match.values()),
        )
        return next((dict(r) | {"details": json.loads(r["details"])} for r in rows), None)

    async def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        async with self.conn.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)) as cur:
            rows = await cur.fetchall()
        return [dict(r) | {"details": json.loads(r["details"])} for r in rows]
