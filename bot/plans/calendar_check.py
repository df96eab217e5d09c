"""Warnings about a plan's working calendar (issue 11 §1): not problems, the plan still loads.

chinese_calendar carries the officially announced years only; a campaign date that neither it nor
the plan's own `calendar` covers falls back to the weekend rule, which may be wrong (a holiday, a
调休 Sunday). Each such run of consecutive dates is one warning, so a campaign months beyond the
data gets one line, not a hundred."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.domain.model import Campaign
from bot.domain.workdays import WorkCalendar
from bot.plans.types import Problem


def calendar_warnings(campaign: Campaign, location: str) -> tuple[Problem, ...]:
    zone = ZoneInfo(campaign.timezone)
    first, last = campaign.start.astimezone(zone).date(), campaign.end.astimezone(zone).date()
    calendar = WorkCalendar(campaign.calendar)
    if not calendar.count_workdays(first, last):  # nothing to count per-day need or progress over
        return (Problem(location, "plan.calendar_no_workday", {"first": first.isoformat(), "last": last.isoformat()}),)
    return tuple(_warning(location, a, b) for a, b in ranges(calendar.uncovered(first, last)))


def ranges(days: list[date]) -> list[tuple[date, date]]:
    """Sorted dates as runs of consecutive days: [1, 2, 3, 5] → [(1, 3), (5, 5)]."""
    out: list[tuple[date, date]] = []
    for day in days:
        if out and out[-1][1] + timedelta(days=1) == day:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def _warning(location: str, first: date, last: date) -> Problem:
    if first == last:
        return Problem(location, "plan.calendar_uncovered_day", {"day": first.isoformat()})
    return Problem(location, "plan.calendar_uncovered", {"first": first.isoformat(), "last": last.isoformat()})
