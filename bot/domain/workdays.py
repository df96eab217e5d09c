"""The working calendar (issue 11 §1): which dates are working days for a campaign.

Sources, first match wins: the plan's own `calendar` dates (holidays, make-up workdays), then the
`chinese_calendar` package (statutory holidays *and* 调休 working weekends; it carries the
officially announced years only), then the plan's weekend rule. `calendar: off` makes every day
a working day. chinese_calendar is a table of dates, not I/O, so the rule stays pure.
"""

from __future__ import annotations

import enum
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
        """The working days from `first` to `last`, both included (a fresh list: the caller's own)."""
        return list(_workdays(self.spec, first, last))

    def count_workdays(self, first: date, last: date) -> int:
        return len(_workdays(self.spec, first, last))

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


@lru_cache(maxsize=1024)
def _workdays(spec: CalendarSpec, first: date, last: date) -> tuple[date, ...]:
    """Counted once per calendar and range: every acknowledgement's standing asks for the same few
    ranges (the recent window, the days to the due date) on every report. Keyed by the calendar's
    value (a frozen spec), so a plan that changes a date is a new key, never a stale answer."""
    calendar = WorkCalendar(spec)
    return tuple(d for d in calendar.days(first, last) if calendar.is_workday(d))


def _midnight(day: date, zone: ZoneInfo) -> float:
    """The timestamp of `day`'s start in `zone`."""
    return datetime.combine(day, time(), zone).timestamp()


@lru_cache(maxsize=1024)
def _whole_days(spec: CalendarSpec, zone: ZoneInfo, first: date, end: date) -> float:
    """Seconds of the working days from `first` up to `end` (excluded), each its whole length in `zone`
    (23 or 25 hours where the clocks change)."""
    return sum(
        _midnight(d + timedelta(days=1), zone) - _midnight(d, zone)
        for d in _workdays(spec, first, end - timedelta(days=1))
    )


class WorkingClock:
    """Working time and working days of a campaign's calendar, in its time zone."""

    def __init__(self, campaign: Campaign) -> None:
        self.calendar = WorkCalendar(campaign.calendar)
        self.every_day = not campaign.calendar.enabled
        self.zone = ZoneInfo(campaign.timezone)
        self._workdays: dict[tuple[date, date], list[date]] = {}  # a book asks for the same span per assignee

    def seconds(self, t0: datetime, t1: datetime) -> float:
        """Seconds of [t0, t1] that fall on working days (0 when t1 ≤ t0): the parts of the first and
        the last day, and the whole working days between them counted once per calendar and span
        (every acknowledgement's expected pace asks for the same spans up to today)."""
        if t1 <= t0:
            return 0.0
        if self.every_day:
            return (t1 - t0).total_seconds()
        a, b = t0.astimezone(self.zone), t1.astimezone(self.zone)
        first, last = a.date(), b.date()
        works = self.calendar.is_workday
        # Differences of timestamps are UTC differences: correct across a zone's clock changes too.
        if first == last:
            return b.timestamp() - a.timestamp() if works(first) else 0.0
        head = _midnight(first + timedelta(days=1), self.zone) - a.timestamp() if works(first) else 0.0
        tail = b.timestamp() - _midnight(last, self.zone) if works(last) else 0.0
        return head + _whole_days(self.calendar.spec, self.zone, first + timedelta(days=1), last) + tail

    def days_left(self, at: datetime, due: datetime, away: frozenset[date] = frozenset()) -> int:
        """Working days from `at`'s date up to the due date, both included, at least 1: what a per-day
        need is spread over (`workdays_left` is the true count, `left` says which words fit)."""
        return max(1, self.workdays_left(at, due, away))

    def workdays_left(self, at: datetime, due: datetime, away: frozenset[date] = frozenset()) -> int:
        """Working days from `at`'s date up to the due date, both included; 0 when none is (a rest day,
        leave, a due passed). Today counts when it is a working day and `due` has not passed; a due time
        of exactly 00:00 leaves its own date out (no part of that day is before it). `away`: dates that
        are no working days for this member (leave). With the calendar off, the old rule: ⌈time to the
        due / 24 h⌉, less the leave dates in that stretch."""
        if due <= at:
            return 0
        first, last = self._span(at, due)
        off = sum(1 for d in away if first <= d <= last)
        if self.every_day:
            return max(0, -(-int((due - at).total_seconds()) // 86_400) - off)
        if (first, last) not in self._workdays:
            self._workdays[first, last] = self.calendar.workdays(first, last)
        days = self._workdays[first, last]
        return len(days) - sum(1 for d in days if d in away)

    def left(self, at: datetime, due: datetime, away: frozenset[date] = frozenset()) -> DaysLeft:
        """Which words the working days left call for: none left, only today (the due date), or a count."""
        count = self.workdays_left(at, due, away)
        if count == 0:
            return DaysLeft.NONE
        first, last = self._span(at, due)
        return DaysLeft.TODAY if count == 1 and first == last else DaysLeft.DAYS

    def _span(self, at: datetime, due: datetime) -> tuple[date, date]:
        """`at`'s date and the due's last date (a due at 00:00 is the end of the day before)."""
        return at.astimezone(self.zone).date(), (due.astimezone(self.zone) - timedelta(microseconds=1)).date()


class DaysLeft(enum.Enum):
    """What is true of the working days before a due date (the words a per-day need is said in)."""

    DAYS = "days"  # one or more working days are left: "剩 3 个工作日"
    TODAY = "today"  # today is the due date and the only working day left: "今天截止"
    NONE = "none"  # no working day is left before the due date (rest days, leave, passed): "已无工作日"
