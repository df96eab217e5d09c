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
