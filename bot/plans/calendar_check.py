"""Warnings about a plan's working calendar (issue 11 §1): not problems, the plan still loads.

chinese_calendar carries the officially announced years only; a campaign date that neither it nor
the plan's own `calendar` covers falls back to the weekend rule, which may be wrong (a holiday, a
调休 Sunday). Each such run of consecutive dates is one warning, so a campaign months beyond the
data gets one line, not a hundred."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby
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
    # Runs of consecutive dates: the n-th uncovered date less n days is the same all along a run.
    runs = groupby(enumerate(calendar.uncovered(first, last)), lambda pair: pair[1] - timedelta(pair[0]))
    return tuple(_warning(location, run[0][1], run[-1][1]) for run in (list(days) for _, days in runs))


def _warning(location: str, first: date, last: date) -> Problem:
    if first == last:
        return Problem(location, "plan.calendar_uncovered_day", {"day": first.isoformat()})
    return Problem(location, "plan.calendar_uncovered", {"first": first.isoformat(), "last": last.isoformat()})
