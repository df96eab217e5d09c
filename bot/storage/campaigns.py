"""Repository for campaigns: settings, task types, milestones, rules and quotas (how a campaign's
settings are stored and a row read back: campaign_codec.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

import aiosqlite

from bot.domain.model import Assignee, AssigneeKind, Campaign
from bot.storage.campaign_codec import SELECT, campaign_of, settings_json, warnings_since_of
from bot.storage.codec import from_ts, to_ts


@dataclass(frozen=True, slots=True)
class CampaignRecord:
    id: int
    campaign: Campaign
    created_at: datetime | None = None
    # The member the read that produced this record found active on its roster (all(member_id=…)),
    # so the report checks of the same update need not ask the database again.
    on_roster: int | None = None
    # When the warning ladder took effect: the import that switched it on or changed it mid-campaign
    # (None: from the first import); the ladder counts only the checkpoints due after it.
    warnings_since: datetime | None = None

    @property
    def key(self) -> str:
        return self.campaign.key


class CampaignRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def save(self, c: Campaign, now: datetime, warnings_since: datetime | None = None) -> int:
        """Insert or update by key; task types, milestones and rules are replaced wholesale."""
        async with self.conn.execute(
            "INSERT INTO campaigns (key, name, start_at, end_at, timezone, settings, cancelled, updated_at, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET name=excluded.name, "
            "start_at=excluded.start_at, end_at=excluded.end_at, timezone=excluded.timezone, "
            "settings=excluded.settings, updated_at=excluded.updated_at, "
            # A plan file never says "cancelled": re-importing it must not revive a cancelled campaign.
            "cancelled=MAX(campaigns.cancelled, excluded.cancelled) "
            "RETURNING id",
            (
                c.key,
                c.name,
                to_ts(c.start),
                to_ts(c.end),
                c.timezone,
                settings_json(c, warnings_since),
                int(c.cancelled),
                to_ts(now),
                to_ts(now),
            ),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        cid = int(row[0])
        for table in ("campaign_tasks", "milestones", "rules"):
            await self.conn.execute(f"DELETE FROM {table} WHERE campaign_id = ?", (cid,))
        await self.conn.executemany(
            "INSERT INTO campaign_tasks (campaign_id, key, name, unit, aliases, max_per_report, position) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    cid,
                    t.key,
                    t.name,
                    t.unit,
                    json.dumps(list(t.aliases), ensure_ascii=False),
                    t.max_per_report,
                    i,
                )
                for i, t in enumerate(c.tasks)
            ],
        )
        await self.conn.executemany(
            "INSERT INTO milestones (campaign_id, percent, due_at) VALUES (?, ?, ?)",
            [(cid, m.percent, to_ts(m.due)) for m in c.milestones],
        )
        await self.conn.executemany(
            "INSERT INTO rules (campaign_id, level, task, count, by_percent) VALUES (?, ?, ?, ?, ?)",
            [(cid, r.level, r.task, r.count, r.by_percent) for r in c.rules],
        )
        return cid

    async def is_cancelled(self, campaign_id: int) -> bool:
        async with self.conn.execute("SELECT cancelled FROM campaigns WHERE id = ?", (campaign_id,)) as cur:
            row = await cur.fetchone()
        return row is not None and bool(row[0])

    async def set_cancelled(self, campaign_id: int, cancelled: bool) -> None:
        await self.conn.execute("UPDATE campaigns SET cancelled = ? WHERE id = ?", (int(cancelled), campaign_id))

    async def set_milestone_due(self, campaign_id: int, percent: int, due: datetime) -> None:
        await self.conn.execute(
            "UPDATE milestones SET due_at = ? WHERE campaign_id = ? AND percent = ?",
            (to_ts(due), campaign_id, percent),
        )

    async def get(self, key: str) -> CampaignRecord | None:
        rows = await self.conn.execute_fetchall(f"{SELECT} WHERE c.key = ?", (key,))
        return next((_decode(tuple(r)) for r in rows), None)

    async def get_by_id(self, campaign_id: int) -> CampaignRecord | None:
        rows = await self.conn.execute_fetchall(f"{SELECT} WHERE c.id = ?", (campaign_id,))
        return next((_decode(tuple(r)) for r in rows), None)

    async def all(self, *, member_id: int | None = None) -> list[CampaignRecord]:
        """Every campaign; with `member_id`, only those whose roster lists that member as active."""
        if member_id is None:
            rows = await self.conn.execute_fetchall(f"{SELECT} ORDER BY c.start_at, c.id")
        else:
            rows = await self.conn.execute_fetchall(f"{SELECT} WHERE {_ACTIVE} ORDER BY c.start_at, c.id", (member_id,))
        return [replace(_decode(tuple(r)), on_roster=member_id) for r in rows]


_ACTIVE = (
    "EXISTS (SELECT 1 FROM campaign_members cm WHERE cm.campaign_id = c.id AND cm.member_id = ? AND cm.active = 1)"
)


@lru_cache(maxsize=64)
def _decode(row: tuple[Any, ...]) -> CampaignRecord:
    """Keyed by the stored definition itself, every column of it: a write of any kind, by this
    process or another (the CLI), reads back as a different key, so a decoded campaign can never
    outlive the data it came from. Only the decoding is saved, never a read."""
    campaign = campaign_of(row)
    return CampaignRecord(
        int(row[0]), campaign, from_ts(row[8], campaign.timezone), warnings_since=warnings_since_of(row)
    )


# QuotaRepo.for_assignee(), also run inside a typed report's one-trip write (bot/storage/ledger.py).
ASSIGNEE_QUOTAS_SQL = "SELECT task, quota FROM quotas WHERE campaign_id = ? AND assignee_kind = ? AND assignee_key = ?"


class QuotaRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def replace_all(self, campaign_id: int, quotas: Mapping[tuple[Assignee, str], int]) -> None:
        await self.conn.execute("DELETE FROM quotas WHERE campaign_id = ?", (campaign_id,))
        await self.conn.executemany(
            "INSERT INTO quotas (campaign_id, assignee_kind, assignee_key, task, quota) VALUES (?, ?, ?, ?, ?)",
            [(campaign_id, a.kind.value, a.key, task, n) for (a, task), n in quotas.items()],
        )

    async def set(self, campaign_id: int, assignee: Assignee, task: str, quota: int) -> None:
        await self.conn.execute(
            "INSERT INTO quotas (campaign_id, assignee_kind, assignee_key, task, quota) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(campaign_id, assignee_kind, assignee_key, task) DO UPDATE SET quota = excluded.quota",
            (campaign_id, assignee.kind.value, assignee.key, task, quota),
        )

    async def for_assignee(self, campaign_id: int, assignee: Assignee) -> dict[tuple[Assignee, str], int]:
        rows = await self.conn.execute_fetchall(ASSIGNEE_QUOTAS_SQL, (campaign_id, assignee.kind.value, assignee.key))
        return {(assignee, r[0]): int(r[1]) for r in rows}

    async def for_campaign(self, campaign_id: int) -> dict[tuple[Assignee, str], int]:
        async with self.conn.execute(
            "SELECT assignee_kind, assignee_key, task, quota FROM quotas WHERE campaign_id = ?",
            (campaign_id,),
        ) as cur:
            rows = await cur.fetchall()
        return {(Assignee(AssigneeKind(r[0]), r[1]), r[2]): int(r[3]) for r in rows}
