"""Repository for campaigns: settings, task types, milestones, rules and quotas."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.domain.model import (
    Assignee,
    AssigneeKind,
    BulletinSchedule,
    Campaign,
    Milestone,
    MinEachRule,
    ReminderSchedule,
    TaskType,
    VerificationMode,
)
from bot.storage.codec import from_ts, str_to_time, time_to_str, to_ts


@dataclass(frozen=True, slots=True)
class CampaignRecord:
    id: int
    campaign: Campaign
    created_at: datetime | None = None

    @property
    def key(self) -> str:
        return self.campaign.key


def _settings_json(c: Campaign) -> str:
    return json.dumps(
        {
            "verification": c.verification.value,
            "bulletin_daily_at": time_to_str(c.bulletin.daily_at),
            "reminder_days_before": list(c.reminders.days_before),
            "reminder_at": time_to_str(c.reminders.at),
            "public_warning_gap": c.public_warning_gap,
            "name_cadres_in_bulletin": c.name_cadres_in_bulletin,
        }
    )


class CampaignRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def save(self, c: Campaign, now: datetime) -> int:
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
                _settings_json(c),
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

    async def set_cancelled(self, campaign_id: int, cancelled: bool) -> None:
        await self.conn.execute("UPDATE campaigns SET cancelled = ? WHERE id = ?", (int(cancelled), campaign_id))

    async def set_milestone_due(self, campaign_id: int, percent: int, due: datetime) -> None:
        await self.conn.execute(
            "UPDATE milestones SET due_at = ? WHERE campaign_id = ? AND percent = ?",
            (to_ts(due), campaign_id, percent),
        )

    async def get(self, key: str) -> CampaignRecord | None:
        async with self.conn.execute("SELECT * FROM campaigns WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        return await self._load(row) if row else None

    async def get_by_id(self, campaign_id: int) -> CampaignRecord | None:
        async with self.conn.execute("SELECT * FROM campaigns WHERE id = ?", (campaign_id,)) as cur:
            row = await cur.fetchone()
        return await self._load(row) if row else None

    async def all(self) -> list[CampaignRecord]:
        async with self.conn.execute("SELECT * FROM campaigns ORDER BY start_at, id") as cur:
            rows = await cur.fetchall()
        return [await self._load(r) for r in rows]

    async def _load(self, row: aiosqlite.Row) -> CampaignRecord:
        cid, tz = int(row["id"]), row["timezone"]
        settings: dict[str, Any] = json.loads(row["settings"])
        async with self.conn.execute(
            "SELECT * FROM campaign_tasks WHERE campaign_id = ? ORDER BY position", (cid,)
        ) as cur:
            tasks = tuple(
                TaskType(r["key"], r["name"], r["unit"], tuple(json.loads(r["aliases"])), r["max_per_report"])
                for r in await cur.fetchall()
            )
        async with self.conn.execute(
            "SELECT percent, due_at FROM milestones WHERE campaign_id = ? ORDER BY due_at, percent", (cid,)
        ) as cur:
            milestones = tuple(Milestone(r[0], from_ts(r[1], tz)) for r in await cur.fetchall())
        async with self.conn.execute(
            "SELECT level, task, count, by_percent FROM rules WHERE campaign_id = ?", (cid,)
        ) as cur:
            rules = tuple(MinEachRule(r[0], r[1], r[2], r[3]) for r in await cur.fetchall())
        campaign = Campaign(
            key=row["key"],
            name=row["name"],
            start=from_ts(row["start_at"], tz),
            end=from_ts(row["end_at"], tz),
            timezone=tz,
            tasks=tasks,
            milestones=milestones,
            rules=rules,
            verification=VerificationMode(settings["verification"]),
            bulletin=BulletinSchedule(str_to_time(settings["bulletin_daily_at"])),
            reminders=ReminderSchedule(
                tuple(settings["reminder_days_before"]),
                str_to_time(settings["reminder_at"]) or ReminderSchedule().at,
            ),
            public_warning_gap=settings["public_warning_gap"],
            name_cadres_in_bulletin=settings["name_cadres_in_bulletin"],
            cancelled=bool(row["cancelled"]),
        )
        return CampaignRecord(cid, campaign, from_ts(row["created_at"], tz))


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
        async with self.conn.execute(
            "SELECT task, quota FROM quotas WHERE campaign_id = ? AND assignee_kind = ? AND assignee_key = ?",
            (campaign_id, assignee.kind.value, assignee.key),
        ) as cur:
            return {(assignee, r[0]): int(r[1]) for r in await cur.fetchall()}

    async def for_campaign(self, campaign_id: int) -> dict[tuple[Assignee, str], int]:
        async with self.conn.execute(
            "SELECT assignee_kind, assignee_key, task, quota FROM quotas WHERE campaign_id = ?",
            (campaign_id,),
        ) as cur:
            rows = await cur.fetchall()
        return {(Assignee(AssigneeKind(r[0]), r[1]), r[2]): int(r[3]) for r in rows}
