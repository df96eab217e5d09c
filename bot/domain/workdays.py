"""The working calendar (issue 11 §1): which dates are working days for a campaign.

Sources, first match wins: the plan's own `calendar` dates (holidays, make-up workdays), then the
`chinese_calendar` package (statutory holidays *and* 调休 working weekends; it carries the
officially announced years only), then the plan's weekend rule. `calendar: off` makes every day
a working day. chinese_calendar is a table of dates, not I/O, so the rule stays pure.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar

from bot.domain.model import CalendarSpec, Campaign


@lru_cache(maxsize=4096)
def _statutory(day: date) -> bool | None:
    """chinese_calendar's answer for `day`, or None for a year it has no data for."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


class WorkCalendar:
    def __init__(self, spec: CalendarSpec | None = None) -> None:
        self.spec = spec or CalendarSpec()

    def is_workday(self, day: date) -> bool:
        spec = self.spec
        if not spec.enabled or day in spec.workdays:
            return True
        if day in spec.holidays:
            return False
        if not spec.weekend_given and (known := _statutory(day)) is not None:
            return known
        return day.weekday() not in spec.weekend

    def covered(self, day: date) -> bool:
        """Whether some source knows `day` (else it falls back to the weekend rule: plan check warns)."""
        spec = self.spec
        if not spec.enabled or spec.weekend_given or day in spec.workdays or day in spec.holidays:
            return True
        return _statutory(day) is not None

    def days(self, first: date, last: date) -> Iterator[date]:
        """Every date from `first` to `last`, both included."""
        day = first
        while day <= last:
            yield day
            day += timedelta(days=1)

    def workdays(self, first: date, last: date) -> list[date]:
        """The working days from `first` to `last`, both included."""
        return [d for d in self.days(first, last) if self.is_workday(d)]

    def count_workdays(self, first: date, last: date) -> int:
        return len(self.workdays(first, last))

    def previous_workday(self, day: date, *, limit: int = 60) -> date | None:
        """`day` itself when it is a working day, else the nearest working day before it (None when
        there is none within `limit` days: a calendar of rest days only)."""
        for back in range(limit + 1):
            candidate = day - timedelta(days=back)
            if self.is_workday(candidate):
                return candidate
        return None

    def uncovered(self, first: date, last: date) -> list[date]:
        return [d for d in self.days(first, last) if not self.covered(d)]


EVERY_DAY = WorkCalendar(CalendarSpec(enabled=False))


class WorkingClock:
    """Working time and working days of a campaign's calendar, in its time zone."""

    def __init__(self, campaign: Campaign) -> None:
        self.calendar = WorkCalendar(campaign.calendar)
        self.every_day = not campaign.calendar.enabled
        self.zone = ZoneInfo(campaign.timezone)
        self._workdays: dict[tuple[date, date], list[date]] = {}  # a book asks for the same span per assignee

    def seconds(self, t0: datetime, t1: datetime) -> float:
        """Seconds of [t0, t1] that fall on working days (0 when t1 ≤ t0)."""
        if t1 <= t0:
            return 0.0
        if self.every_day:
            return (t1 - t0).total_seconds()
        a, b = t0.astimezone(self.zone), t1.astimezone(self.zone)
        total = 0.0
        for day in self.calendar.days(a.date(), b.date()):
            if not self.calendar.is_workday(day):
                continue
            start = datetime.combine(day, time(), self.zone)
            end = datetime.combine(day + timedelta(days=1), time(), self.zone)
            lo, hi = max(a, start), min(b, end)
            if hi > lo:  # UTC difference: correct across a zone's clock changes too
                total += (hi.astimezone(ZoneInfo("UTC")) - lo.astimezone(ZoneInfo("UTC"))).total_seconds()
        return total

    def days_left(self, at: datetime, due: datetime, away: frozenset[date] = frozenset()) -> int:
        """Working days from `at`'s date up to the due date, both included, at least 1. Today counts
        when it is a working day and `due` has not passed; a due time of exactly 00:00 leaves its own
        date out (no part of that day is before it). `away`: dates that are no working days for this
        member (leave). With the calendar off, the old rule: ⌈time to the due / 24 h⌉, less the
        leave dates in that stretch."""
        if due <= at:
            return 1
        first = at.astimezone(self.zone).date()
        last = (due.astimezone(self.zone) - timedelta(microseconds=1)).date()
        off = sum(1 for d in away if first <= d <= last)
        if self.every_day:
            return max(1, -(-int((due - at).total_seconds()) // 86_400) - off)
        if (first, last) not in self._workdays:
            self._workdays[first, last] = self.calendar.workdays(first, last)
        days = self._workdays[first, last]
        return max(1, len(days) - sum(1 for d in days if d in away))
