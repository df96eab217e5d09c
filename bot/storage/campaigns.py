"""Repository for campaigns: settings, task types, milestones, rules and quotas."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import aiosqlite

from bot.domain.model import (
    AnomalyThresholds,
    Assignee,
    AssigneeKind,
    BulletinSchedule,
    CalendarSpec,
    Campaign,
    Milestone,
    MinEachRule,
    ReminderSchedule,
    RestDays,
    TaskType,
    VerificationMode,
    WarningLadder,
)
from bot.storage.codec import from_ts, str_to_time, time_to_str, to_ts


@dataclass(frozen=True, slots=True)
class CampaignRecord:
    id: int
    campaign: Campaign
    created_at: datetime | None = None
    # The member the read that produced this record found active on its roster (all(member_id=…)),
    # so the report checks of the same update need not ask the database again.
    on_roster: int | None = None

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
            "reminder_nudge_at": time_to_str(c.reminders.nudge_at),
            "public_warning_gap": c.public_warning_gap,
            "name_cadres_in_bulletin": c.name_cadres_in_bulletin,
            "verification_overdue_days": c.verification_overdue_days,
            "bulletin_rest_days": c.bulletin.rest_days.value,
            "reminder_rest_days": c.reminders.rest_days.value,
            "calendar": _calendar_json(c.calendar),
            "warnings": None if c.warnings is None else asdict(c.warnings),
            "anomalies": {**asdict(c.anomalies), "night_start": time_to_str(c.anomalies.night_start),
                          "night_end": time_to_str(c.anomalies.night_end)},
            "leave_resplit_after": c.leave_resplit_after,
            "reconcile_tolerance": c.reconcile_tolerance,
            "reconcile_tolerance_percent": c.reconcile_tolerance_percent,
        }
    )  # fmt: skip


def _calendar_json(spec: CalendarSpec) -> dict[str, Any]:
    return {"enabled": spec.enabled, "holidays": sorted(d.isoformat() for d in spec.holidays),
            "workdays": sorted(d.isoformat() for d in spec.workdays), "weekend": list(spec.weekend),
            "weekend_given": spec.weekend_given}  # fmt: skip


def _settings_extra(settings: dict[str, Any]) -> dict[str, Any]:
    """The issue-11 settings; a campaign stored before them has the defaults."""
    out: dict[str, Any] = {"calendar": CalendarSpec()}
    if cal := settings.get("calendar"):
        out["calendar"] = CalendarSpec(cal["enabled"], frozenset(map(date.fromisoformat, cal["holidays"])),
                                       frozenset(map(date.fromisoformat, cal["workdays"])), tuple(cal["weekend"]),
                                       cal["weekend_given"])  # fmt: skip
    if ladder := settings.get("warnings"):
        out["warnings"] = WarningLadder(**ladder)
    if found := settings.get("anomalies"):
        out["anomalies"] = AnomalyThresholds(**{**found, "night_start": str_to_time(found["night_start"]),
                                                "night_end": str_to_time(found["night_end"])})  # fmt: skip
    for name in ("leave_resplit_after", "reconcile_tolerance", "reconcile_tolerance_percent"):
        if name in settings:
            out[name] = settings[name]
    return out


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
        rows = await self.conn.execute_fetchall(f"{_SELECT} WHERE c.key = ?", (key,))
        return next((_decode(tuple(r)) for r in rows), None)

    async def get_by_id(self, campaign_id: int) -> CampaignRecord | None:
        rows = await self.conn.execute_fetchall(f"{_SELECT} WHERE c.id = ?", (campaign_id,))
        return next((_decode(tuple(r)) for r in rows), None)

    async def all(self, *, member_id: int | None = None) -> list[CampaignRecord]:
        """Every campaign; with `member_id`, only those whose roster lists that member as active."""
        if member_id is None:
            rows = await self.conn.execute_fetchall(f"{_SELECT} ORDER BY c.start_at, c.id")
        else:
            rows = await self.conn.execute_fetchall(
                f"{_SELECT} WHERE {_ACTIVE} ORDER BY c.start_at, c.id", (member_id,)
            )
        return [replace(_decode(tuple(r)), on_roster=member_id) for r in rows]


# A campaign with its task types, milestones and rules in one statement (one trip to the database
# thread, which is what a report mostly waits on), the child rows as JSON with their sort keys.
_SELECT = (
    "SELECT c.id, c.key, c.name, c.start_at, c.end_at, c.timezone, c.settings, c.cancelled, c.created_at, "
    "(SELECT json_group_array(json_array(t.position, t.key, t.name, t.unit, json(t.aliases), t.max_per_report)) "
    "FROM campaign_tasks t WHERE t.campaign_id = c.id), "
    "(SELECT json_group_array(json_array(m.due_at, m.percent)) FROM milestones m WHERE m.campaign_id = c.id), "
    "(SELECT json_group_array(json_array(r.rowid, r.level, r.task, r.count, r.by_percent)) "
    "FROM rules r WHERE r.campaign_id = c.id) "
    "FROM campaigns c"
)
_ACTIVE = (
    "EXISTS (SELECT 1 FROM campaign_members cm WHERE cm.campaign_id = c.id AND cm.member_id = ? AND cm.active = 1)"
)


@lru_cache(maxsize=64)
def _decode(row: tuple[Any, ...]) -> CampaignRecord:
    """Keyed by the stored definition itself, every column of it: a write of any kind, by this
    process or another (the CLI), reads back as a different key, so a decoded campaign can never
    outlive the data it came from. Only the decoding is saved, never a read."""
    cid, key, name, start_at, end_at, tz, settings_json, cancelled, created_at, tasks, milestones, rules = row
    settings: dict[str, Any] = json.loads(settings_json)
    campaign = Campaign(
        key=key,
        name=name,
        start=from_ts(start_at, tz),
        end=from_ts(end_at, tz),
        timezone=tz,
        tasks=tuple(TaskType(k, n, u, tuple(a), m) for _, k, n, u, a, m in sorted(json.loads(tasks))),
        milestones=tuple(Milestone(p, from_ts(d, tz)) for d, p in sorted(json.loads(milestones))),
        rules=tuple(MinEachRule(lv, t, n, by) for _, lv, t, n, by in sorted(json.loads(rules))),
        verification=VerificationMode(settings["verification"]),
        bulletin=BulletinSchedule(
            str_to_time(settings["bulletin_daily_at"]), RestDays(settings.get("bulletin_rest_days", "send"))
        ),
        reminders=ReminderSchedule(
            tuple(settings["reminder_days_before"]),
            str_to_time(settings["reminder_at"]) or ReminderSchedule().at,
            str_to_time(settings.get("reminder_nudge_at")),  # absent in campaigns stored before the nudge
            RestDays(settings.get("reminder_rest_days", "previous")),
        ),
        public_warning_gap=settings["public_warning_gap"],
        name_cadres_in_bulletin=settings["name_cadres_in_bulletin"],
        cancelled=bool(cancelled),
        # stored since issue 10; a campaign imported before has the default
        verification_overdue_days=settings.get("verification_overdue_days", 3),
        **_settings_extra(settings),
    )
    return CampaignRecord(int(cid), campaign, from_ts(created_at, tz))


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
