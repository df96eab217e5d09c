"""The per-day need in words (issue 11 §1): "剩 3 个工作日，每个工作日约 4 户" while the campaign keeps a
working calendar, the plain "每天约 4 户" when it is off (`calendar: off`: every day is a working day,
so "a day" says it). The numbers come from the domain (TaskStanding.days_left, per_day), and what is
true of the days left (TaskStanding.left): "今天截止" when today is the due date and the last working
day, "已无工作日" when no working day is left — never "剩 1 个工作日" then."""

from __future__ import annotations

from bot.domain.model import Campaign
from bot.domain.standing import TaskStanding
from bot.domain.workdays import DaysLeft
from bot.texts import t


def pace(lang: str, campaign: Campaign, ts: TaskStanding, unit: str = "") -> str:
    """The need per (working) day of one task; `unit` ("户") is added after the number when given.
    Plain text: the caller's th() escapes it once."""
    unit = f" {unit}" if unit else ""
    if ts.left is not DaysLeft.DAYS:  # today the last day, or none left: the whole need, said as it is
        return t(lang, f"views.pace_{ts.left.value}", per_day=ts.per_day, unit=unit)
    if not campaign.calendar.enabled:
        return t(lang, "views.pace_day", per_day=ts.per_day, unit=unit)
    key = "views.pace_workday_one" if ts.days_left == 1 else "views.pace_workdays"
    return t(lang, key, days=ts.days_left, per_day=ts.per_day, unit=unit)


def days_left_note(lang: str, campaign: Campaign, ts: TaskStanding | None) -> str:
    """ "（剩 3 个工作日）" after a need, or nothing when the calendar is off or there is no need."""
    if ts is None:
        return ""
    if ts.left is not DaysLeft.DAYS:
        return t(lang, f"views.days_left_note_{ts.left.value}")
    if not campaign.calendar.enabled:
        return ""
    key = "views.days_left_note_one" if ts.days_left == 1 else "views.days_left_note"
    return t(lang, key, days=ts.days_left)
