"""The one validator both formats go through: neutral raw structure → PlanDoc, collecting every
problem. Each entry is checked against its schema (schema.py) on its own, then the rules across
entries run on whatever parsed, so a bad task key does not hide a bad quota three sheets later.
Here: the campaign, its tasks, milestones and working calendar; validate_org.py: the organisation and
its quotas."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import groupby, pairwise
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.model import (
    AnomalyThresholds,
    BulletinSchedule,
    CalendarSpec,
    Campaign,
    Milestone,
    ReminderSchedule,
    TaskType,
    WarningLadder,
)
from bot.domain.workdays import WorkCalendar
from bot.plans.layout import SHEETS
from bot.plans.problems import Ctx, join
from bot.plans.schema import CalendarEntry, Head, MilestoneEntry, Task
from bot.plans.types import PlanDefaults, PlanDoc, Problem
from bot.plans.validate_org import validate_org
from bot.plans.value_basics import is_off, shown


def validate(ctx: Ctx, document: object, defaults: PlanDefaults) -> PlanDoc | None:
    if not isinstance(document, dict):
        ctx.add("", "plan.not_a_mapping")
        return None
    doc = {str(k): v for k, v in document.items()}
    for name in doc.keys() - SHEETS.keys():  # a plan's top-level keys are the workbook's sheets
        ctx.add(name, "plan.unknown_field", field=name)
    c, window = _campaign(ctx, doc, defaults)
    tasks, task_keys = _tasks(ctx, doc)
    milestones = _milestones(ctx, doc, window)
    units, members, quotas, rules = validate_org(ctx, doc, tasks, task_keys, milestones)
    calendar = _calendar(ctx, doc)
    if ctx.problems or c is None:
        return None
    reminders = ReminderSchedule(
        c.reminders.days_before, c.reminders.at or defaults.reminder_time, c.reminders.nudge_at, c.reminders.rest_days
    )
    ladder = WarningLadder(**dict(c.warnings)) if c.warnings is not None else None
    campaign = Campaign(c.key, c.name, c.start, c.end, window["timezone"], tuple(tasks), tuple(milestones),
                        tuple(rules), c.verification, BulletinSchedule(c.bulletin.daily_at, c.bulletin.rest_days),
                        reminders, c.public_warning_gap, c.name_cadres_in_bulletin,
                        verification_overdue_days=c.verification_overdue_days, calendar=calendar, warnings=ladder,
                        anomalies=AnomalyThresholds(**dict(c.anomalies)),
                        leave_resplit_after=c.leave.resplit_after_days, reconcile_tolerance=c.reconcile.tolerance,
                        reconcile_tolerance_percent=c.reconcile.tolerance_percent)  # fmt: skip
    warnings = _calendar_warnings(campaign, ctx.locate("calendar")) if campaign.calendar.enabled else ()
    return PlanDoc(campaign, tuple(units), tuple(members), quotas, warnings)


def _calendar(ctx: Ctx, doc: dict[str, Any]) -> CalendarSpec:
    """`calendar: off`, the plan's own dates, or (absent) chinese_calendar alone."""
    raw = doc.get("calendar")
    if raw is None:
        return CalendarSpec()
    if is_off(raw):
        return CalendarSpec(enabled=False)
    entry, fields = ctx.parse(CalendarEntry, raw, "calendar")
    got = entry or CalendarEntry.model_construct(**fields)
    if both := sorted(set(got.holidays) & set(got.workdays)):  # a rest day and a working day at once
        ctx.add("calendar", "plan.calendar_both", days=tuple(d.isoformat() for d in both))
    weekend = got.weekend
    return CalendarSpec(True, frozenset(got.holidays), frozenset(got.workdays),
                        weekend if weekend is not None else (5, 6), weekend is not None)  # fmt: skip


def _calendar_warnings(campaign: Campaign, location: str) -> tuple[Problem, ...]:
    """Warnings, not problems: the plan still loads (issue 11 §1). chinese_calendar carries the officially
    announced years only; a campaign date that neither it nor the plan's own `calendar` covers falls back
    to the weekend rule, which may be wrong (a holiday, a 调休 Sunday). Each run of such consecutive dates
    is one warning, so a campaign months beyond the data gets one line, not a hundred."""
    zone = ZoneInfo(campaign.timezone)
    first, last = campaign.start.astimezone(zone).date(), campaign.end.astimezone(zone).date()
    calendar = WorkCalendar(campaign.calendar)
    if not calendar.count_workdays(first, last):  # nothing to count per-day need or progress over
        return (Problem(location, "plan.calendar_no_workday", {"first": first.isoformat(), "last": last.isoformat()}),)
    # Runs of consecutive dates: the n-th uncovered date less n days is the same all along a run.
    runs = groupby(enumerate(calendar.uncovered(first, last)), lambda pair: pair[1] - timedelta(pair[0]))
    return tuple(_uncovered(location, run[0][1], run[-1][1]) for run in (list(days) for _, days in runs))


def _uncovered(location: str, first: date, last: date) -> Problem:
    if first == last:
        return Problem(location, "plan.calendar_uncovered_day", {"day": first.isoformat()})
    return Problem(location, "plan.calendar_uncovered", {"first": first.isoformat(), "last": last.isoformat()})


def _campaign(ctx: Ctx, doc: dict[str, Any], defaults: PlanDefaults) -> tuple[Head | None, dict[str, Any]]:
    """The campaign, and its time zone, start and end even when another of its fields is wrong."""
    raw = doc.get("campaign")
    if raw is None:
        ctx.add("campaign", "plan.missing", field="campaign")
        return None, {"timezone": defaults.timezone}
    head, fields = ctx.parse(Head, raw, "campaign", timezone=defaults.timezone, quiet_hours=defaults.quiet_hours)
    window = {"timezone": fields.get("timezone") or defaults.timezone, **{k: fields.get(k) for k in ("start", "end")}}
    start, end = window["start"], window["end"]
    if start and end and end <= start:
        ctx.add(join("campaign", "end"), "plan.end_before_start", start=shown(start), end=shown(end))
    return head, window


def _tasks(ctx: Ctx, doc: dict[str, Any]) -> tuple[list[TaskType], set[str]]:
    """The valid tasks, and every key written (a quota column naming an invalid task is not
    reported a second time as unknown)."""
    tasks: list[TaskType] = []
    claimed: dict[str, str] = {}  # casefolded word → task key that uses it in free text
    seen: set[str] = set()
    mentioned: set[str] = set()
    for path, raw in ctx.entries(doc, "tasks", required=True):
        task, fields = ctx.parse(Task, raw, path)
        if (key := fields.get("key")) in seen:
            ctx.add(join(path, "key"), "plan.duplicate_task", key=key)
            continue
        if key is not None:
            mentioned.add(key)
        if task is None:
            continue
        seen.add(task.key)
        # The free-text parser must map every word to exactly one task.
        for word, where in [(task.name, "name"), *((a, "aliases") for a in task.aliases), (task.key, "key")]:
            owner = claimed.setdefault(word.casefold(), task.key)
            if owner != task.key:
                ctx.add(join(path, where), "plan.alias_conflict", alias=word, first=owner, second=task.key)
        tasks.append(TaskType(task.key, task.name, task.unit, task.aliases, task.max_per_report))
    return tasks, mentioned


def _milestones(ctx: Ctx, doc: dict[str, Any], window: dict[str, Any]) -> list[Milestone]:
    start: datetime | None = window.get("start")
    end: datetime | None = window.get("end")
    found: list[tuple[str, Milestone]] = []
    for path, raw in ctx.entries(doc, "milestones", required=False):
        entry, _ = ctx.parse(MilestoneEntry, raw, path, timezone=window["timezone"])
        if entry is None:
            continue
        if start and end and not start < entry.due <= end:
            ctx.add(join(path, "due"), "plan.milestone_outside", due=shown(entry.due), start=shown(start),
                    end=shown(end))  # fmt: skip
            continue
        found.append((path, Milestone(entry.percent, entry.due)))
    found.sort(key=lambda pm: pm[1].due)
    for (_, before), (path, after) in pairwise(found):
        if after.percent <= before.percent or after.due == before.due:
            ctx.add(path, "plan.milestone_order", percent=after.percent, due=shown(after.due),
                    prev_percent=before.percent, prev_due=shown(before.due))  # fmt: skip
    milestones = [m for _, m in found]
    if end is None:
        return milestones
    for path, m in found:
        if m.percent == 100 and m.due != end:
            ctx.add(join(path, "due"), "plan.final_milestone_not_at_end", due=shown(m.due), end=shown(end))
        if m.percent != 100 and m.due == end:
            ctx.add(join(path, "percent"), "plan.end_milestone_not_100", percent=m.percent)
    if not any(m.percent == 100 for m in milestones):
        milestones.append(Milestone(100, end))  # the final deadline is always a checkpoint
    return milestones
