"""Graduated warnings: the step a member took at a checkpoint (issue 11 §5; bot/domain/warnings.py).
One row per (campaign, member, checkpoint percent); written once, in the checkpoint's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.warnings import WarningLevel
from bot.storage.codec import from_ts, to_ts


@dataclass(frozen=True, slots=True)
class StoredWarning:
    member_key: str
    percent: int  # the checkpoint whose miss took the step
    level: WarningLevel
    missed: int  # checkpoints missed in a row at that step
    created_at: datetime


class WarningRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def add(
        self, campaign_id: int, member_key: str, percent: int, level: WarningLevel, missed: int, at: datetime
    ) -> bool:
        """Record a step; False when this member's step at this checkpoint exists already."""
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO warnings (campaign_id, member_key, percent, level, missed, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (campaign_id, member_key, percent, level.word, missed, to_ts(at)),
        )
        return cur.rowcount == 1

    async def for_campaign(self, campaign_id: int, percent: int | None = None) -> list[StoredWarning]:
        """Every step of the campaign (or of one checkpoint), oldest first."""
        async with self.conn.execute(
            "SELECT member_key, percent, level, missed, created_at FROM warnings "
            "WHERE campaign_id = ? AND (? IS NULL OR percent = ?) ORDER BY created_at, percent, member_key",
            (campaign_id, percent, percent),
        ) as cur:
            return [
                StoredWarning(str(key), int(pct), WarningLevel[str(level).upper()], int(missed), from_ts(int(at)))
                for key, pct, level, missed, at in await cur.fetchall()
            ]
