"""Bulletin snapshots: the completions a unit's last bulletin showed, so the next one can name the
most improved (SPEC §3.3). One row per (campaign, unit), replaced at every posting."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

import aiosqlite

from bot.storage.codec import to_ts


class SnapshotRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def last(self, campaign_id: int, unit_code: str) -> dict[str, float]:
        """Assignee key → completion at the last posting; empty when none was posted yet."""
        async with self.conn.execute(
            "SELECT completions FROM bulletin_snapshots WHERE campaign_id = ? AND unit_code = ?",
            (campaign_id, unit_code),
        ) as cur:
            row = await cur.fetchone()
        return dict(json.loads(row[0])) if row else {}

    async def save(self, campaign_id: int, unit_code: str, at: datetime, completions: Mapping[str, float]) -> None:
        await self.conn.execute(
            "INSERT INTO bulletin_snapshots (campaign_id, unit_code, posted_at, completions) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(campaign_id, unit_code) DO UPDATE SET posted_at = excluded.posted_at, "
            "completions = excluded.completions",
            (campaign_id, unit_code, to_ts(at), json.dumps(dict(completions))),
        )
