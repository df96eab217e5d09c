"""How a Campaign is stored: its settings as one JSON column, and a campaign read back from one row of
SELECT (its task types, milestones and rules as JSON arrays beside the columns)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from bot.domain.model import (
    AnomalyThresholds,
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

# A campaign with its task types, milestones and rules in one statement (one trip to the database
# thread, which is what a report mostly waits on), the child rows as JSON with their sort keys.
SELECT = (
    "SELECT c.id, c.key, c.name, c.start_at, c.end_at, c.timezone, c.settings, c.cancelled, c.created_at, "
    "(SELECT json_group_array(json_array(t.position, t.key, t.name, t.unit, json(t.aliases), t.max_per_report)) "
    "FROM campaign_tasks t WHERE t.campaign_id = c.id), "
    "(SELECT json_group_array(json_array(m.due_at, m.percent)) FROM milestones m WHERE m.campaign_id = c.id), "
    "(SELECT json_group_array(json_array(r.rowid, r.level, r.task, r.count, r.by_percent)) "
    "FROM rules r WHERE r.campaign_id = c.id) "
    "FROM campaigns c"
)


def settings_json(c: Campaign, warnings_since: datetime | None = None) -> str:
    """The campaign's settings column: everything the plan sets beyond name, dates and child rows, and
    the moment its warning ladder took effect (`warnings_since`, set by the plan import)."""
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
            "warnings_since": None if warnings_since is None else to_ts(warnings_since),
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


def warnings_since_of(row: tuple[Any, ...]) -> datetime | None:
    """The moment the campaign's warning ladder took effect, in one row of SELECT (None: from the start;
    also for a campaign stored before it was kept)."""
    since = json.loads(row[6]).get("warnings_since")
    return None if since is None else from_ts(since, row[5])


def campaign_of(row: tuple[Any, ...]) -> Campaign:
    """The campaign in one row of SELECT."""
    _, key, name, start_at, end_at, tz, stored, cancelled, _, tasks, milestones, rules = row
    settings: dict[str, Any] = json.loads(stored)
    return Campaign(
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
