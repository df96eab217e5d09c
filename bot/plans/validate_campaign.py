"""Validation of the `campaign`, `tasks` and `milestones` parts of a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.model import (
    BulletinSchedule,
    Milestone,
    ReminderSchedule,
    TaskType,
    VerificationMode,
)
from bot.plans.coerce import as_bool, as_datetime, as_int, as_key, as_list, as_text, as_time, shown
from bot.plans.problems import Ctx, join
from bot.plans.types import Bad, PlanDefaults

CAMPAIGN_FIELDS = {
    "key", "name", "start", "end", "timezone", "verification", "bulletin",
    "public_warning_gap", "reminders", "name_cadres_in_bulletin",
}  # fmt: skip
TASK_FIELDS = {"key", "name", "unit", "aliases", "max_per_report"}
_VERIFICATION = {
    word: mode
    for mode, words in (
        (VerificationMode.OFF, ("off", "关闭", "不核验")),
        (VerificationMode.OPTIONAL, ("optional", "可选")),
        (VerificationMode.REQUIRED, ("required", "必须", "必须核验")),
    )
    for word in words
}
_OFF_WORDS = {"off", "none", "no", "关", "关闭", "不发", "无"}


@dataclass
class CampaignHead:
    """The campaign's scalar fields; tasks and milestones are validated next to it. A field that
    failed validation is None, so later checks can still use the ones that did not."""

    key: str | None
    name: str | None
    start: datetime | None
    end: datetime | None
    timezone: str
    verification: VerificationMode
    bulletin: BulletinSchedule
    reminders: ReminderSchedule
    public_warning_gap: int
    name_cadres_in_bulletin: bool


def _non_negative(value: object) -> int:
    number = as_int(value)
    if number < 0:
        raise Bad("plan.negative", value=number)
    return number


def _verification(value: object) -> VerificationMode:
    mode = _VERIFICATION.get(as_text(value).lower())
    if mode is None:
        raise Bad("plan.bad_choice", value=shown(value), choices="off | optional | required")
    return mode


def _bulletin(ctx: Ctx, value: object, path: str) -> BulletinSchedule:
    if value is None:
        return BulletinSchedule()
    if _is_off(value):
        return BulletinSchedule(daily_at=None)
    if isinstance(value, dict):
        raw = {str(k): v for k, v in value.items()}
        ctx.unknown_fields(raw, path, {"daily_at"})
        at = ctx.field(raw, path, "daily_at", as_time, required=True)
        return BulletinSchedule(daily_at=at) if at else BulletinSchedule()
    try:
        return BulletinSchedule(daily_at=as_time(value))
    except Bad as bad:
        ctx.add(path, bad.key, **bad.params)
        return BulletinSchedule()


def _is_off(value: object) -> bool:
    # YAML reads a bare `off` as False; a spreadsheet has the word itself.
    return value is False or (isinstance(value, str) and value.strip().lower() in _OFF_WORDS)


def _days_before(value: object) -> tuple[int, ...]:
    if _is_off(value):
        return ()  # no reminders at all
    return tuple(sorted({_non_negative(v) for v in as_list(value)}, reverse=True))


def _reminders(ctx: Ctx, value: object, path: str, default_at: time) -> ReminderSchedule:
    if value is None:
        return ReminderSchedule(at=default_at)
    if _is_off(value):
        return ReminderSchedule(days_before=(), at=default_at)
    raw = ctx.mapping(value, path)
    if raw is None:
        return ReminderSchedule(at=default_at)
    ctx.unknown_fields(raw, path, {"days_before", "at"})
    days = ctx.field(raw, path, "days_before", _days_before)
    at = ctx.field(raw, path, "at", as_time)
    default = ReminderSchedule()
    return ReminderSchedule(days_before=default.days_before if days is None else days, at=at or default_at)


def validate_head(ctx: Ctx, raw: dict[str, object], defaults: PlanDefaults) -> CampaignHead:
    base = "campaign"
    ctx.unknown_fields(raw, base, CAMPAIGN_FIELDS)
    key = ctx.field(raw, base, "key", as_key, required=True)
    name = ctx.field(raw, base, "name", as_text, required=True)
    tz_name = ctx.field(raw, base, "timezone", as_text) or defaults.timezone
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        ctx.add(join(base, "timezone"), "plan.bad_timezone", value=tz_name)
        tz_name, tz = defaults.timezone, ZoneInfo(defaults.timezone)  # keep checking dates meanwhile
    start = ctx.field(raw, base, "start", lambda v: as_datetime(v, tz), required=True)
    end = ctx.field(raw, base, "end", lambda v: as_datetime(v, tz), required=True)
    if start and end and end <= start:
        ctx.add(join(base, "end"), "plan.end_before_start", start=shown(start), end=shown(end))
    verification = ctx.field(raw, base, "verification", _verification) or VerificationMode.OPTIONAL
    bulletin = _bulletin(ctx, raw.get("bulletin"), join(base, "bulletin"))
    reminders = _reminders(ctx, raw.get("reminders"), join(base, "reminders"), defaults.reminder_time)
    gap = ctx.field(raw, base, "public_warning_gap", _non_negative)
    name_cadres = ctx.field(raw, base, "name_cadres_in_bulletin", as_bool)
    return CampaignHead(
        key=key,
        name=name,
        start=start,
        end=end,
        timezone=tz_name,
        verification=verification,
        bulletin=bulletin,
        reminders=reminders,
        public_warning_gap=10 if gap is None else gap,
        name_cadres_in_bulletin=bool(name_cadres),
    )


def _aliases(value: object) -> tuple[str, ...]:
    return tuple(dict.fromkeys(as_text(v) for v in as_list(value)))


def _max_per_report(value: object) -> int:
    number = as_int(value)
    if number < 1:
        raise Bad("plan.max_per_report_too_small", value=number)
    return number


def validate_tasks(ctx: Ctx, doc: dict[str, object]) -> tuple[list[TaskType], set[str]]:
    """The valid tasks, and every key written (a quota column naming an invalid task is not
    reported a second time as unknown)."""
    tasks: list[TaskType] = []
    claimed: dict[str, str] = {}  # casefolded word → task key that uses it in free text
    seen: set[str] = set()
    mentioned: set[str] = set()
    for path, raw in ctx.entries(doc, "tasks", required=True):
        ctx.unknown_fields(raw, path, TASK_FIELDS)
        key = ctx.field(raw, path, "key", as_key, required=True)
        name = ctx.field(raw, path, "name", as_text, required=True)
        unit = ctx.field(raw, path, "unit", as_text, required=True)
        aliases = ctx.field(raw, path, "aliases", _aliases) or ()
        limit = ctx.field(raw, path, "max_per_report", _max_per_report)
        if key is not None:
            mentioned.add(key)
        if key is not None and key in seen:
            ctx.add(join(path, "key"), "plan.duplicate_task", key=key)
            continue
        if key is None or name is None or unit is None:
            continue
        seen.add(key)
        # The free-text parser must map every word to exactly one task.
        for word, where in [(name, "name"), *((a, "aliases") for a in aliases), (key, "key")]:
            owner = claimed.setdefault(word.casefold(), key)
            if owner != key:
                ctx.add(join(path, where), "plan.alias_conflict", alias=word, first=owner, second=key)
        tasks.append(TaskType(key, name, unit, aliases, 50 if limit is None else limit))
    return tasks, mentioned


def _percent(value: object) -> int:
    number = as_int(value)
    if not 1 <= number <= 100:
        raise Bad("plan.percent_out_of_range", value=number)
    return number


def validate_milestones(
    ctx: Ctx, doc: dict[str, object], head: CampaignHead | None, defaults: PlanDefaults
) -> list[Milestone]:
    tz = ZoneInfo(head.timezone if head else defaults.timezone)
    found: list[tuple[str, Milestone]] = []
    for path, raw in ctx.entries(doc, "milestones", required=False):
        ctx.unknown_fields(raw, path, {"percent", "due"})
        percent = ctx.field(raw, path, "percent", _percent, required=True)
        due = ctx.field(raw, path, "due", lambda v: as_datetime(v, tz), required=True)
        if percent is None or due is None:
            continue
        if head and head.start and head.end and not head.start < due <= head.end:
            ctx.add(join(path, "due"), "plan.milestone_outside", due=shown(due), start=shown(head.start),
                    end=shown(head.end))  # fmt: skip
            continue
        found.append((path, Milestone(percent, due)))
    found.sort(key=lambda pm: pm[1].due)
    for (_, before), (path, after) in pairwise(found):
        if after.percent <= before.percent or after.due == before.due:
            ctx.add(path, "plan.milestone_order", percent=after.percent, due=shown(after.due),
                    prev_percent=before.percent, prev_due=shown(before.due))  # fmt: skip
    milestones = [m for _, m in found]
    if head is None or head.end is None:
        return milestones
    for path, m in found:
        if m.percent == 100 and m.due != head.end:
            ctx.add(join(path, "due"), "plan.final_milestone_not_at_end", due=shown(m.due), end=shown(head.end))
        if m.percent != 100 and m.due == head.end:
            ctx.add(join(path, "percent"), "plan.end_milestone_not_100", percent=m.percent)
    if not any(m.percent == 100 for m in milestones):
        milestones.append(Milestone(100, head.end))  # the final deadline is always a checkpoint
    return milestones
