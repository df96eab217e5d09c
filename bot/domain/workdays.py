"""The working calendar (issue 11 §1): which dates are working days for a campaign.

Sources, first match wins: the plan's own `calendar` dates (holidays, make-up workdays), then the
`chinese_calendar` package (statutory holidays *and* 调休 working weekends; it carries the
officially announced years only), then the plan's weekend rule. `calendar: off` makes every day
a working day. chinese_calendar is a table of dates, not I/O, so the rule stays pure.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from bot.domain.model import CalendarSpec


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
