"""Working time between two moments (bot/domain/workdays.py WorkingClock.seconds): the part of them that
falls on working days of the campaign's calendar, in its zone — what the expected-progress curve runs on
(bot/domain/expected.py), asked on every acknowledgement. Hand-computed cases, then random moments checked
against the definition counted out day by day."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.model import CalendarSpec, Campaign
from bot.domain.workdays import WorkCalendar, WorkingClock

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
EVERY_DAY_LISTED = CalendarSpec(weekend=(), weekend_given=True)  # the calendar's day-by-day path, no rest day


def clock(spec: CalendarSpec, zone: str = "Asia/Shanghai") -> WorkingClock:
    start = datetime(2025, 12, 1, tzinfo=SH)
    return WorkingClock(Campaign("c", "c", start, start + timedelta(days=200), timezone=zone, calendar=spec))


def sh(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SH)


def berlin(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BERLIN)


CN, SHANGHAI = CalendarSpec(), "Asia/Shanghai"


@pytest.mark.parametrize(
    ("spec", "zone", "t0", "t1", "hours"),
    [
        # 31 Dec from noon (12 h); 元旦 1–3 Jan off; Sunday 4 Jan a 调休 working day (24 h); 5 Jan to noon (12 h)
        (CN, SHANGHAI, sh(2025, 12, 31, 12), sh(2026, 1, 5, 12), 48),
        (CN, SHANGHAI, sh(2026, 1, 1, 9), sh(2026, 1, 3, 17), 0),  # wholly inside a holiday
        (CN, SHANGHAI, sh(2026, 1, 5, 9), sh(2026, 1, 5, 17), 8),  # within one working day
        (CN, SHANGHAI, sh(2026, 1, 6, 9), sh(2026, 1, 5, 9), 0),  # the end before the start
        # clocks go forward in Berlin on 29 March 2026: that day has 23 hours, noon to noon is 47 hours
        (EVERY_DAY_LISTED, "Europe/Berlin", berlin(2026, 3, 28, 12), berlin(2026, 3, 30, 12), 47),
        # and back on 25 October: 25 hours
        (EVERY_DAY_LISTED, "Europe/Berlin", berlin(2026, 10, 24, 12), berlin(2026, 10, 26, 12), 49),
        # moments given in another zone are placed in the campaign's: 04:00 UTC is noon in Shanghai
        (CN, SHANGHAI, datetime(2025, 12, 31, 4, tzinfo=ZoneInfo("UTC")), sh(2026, 1, 5, 12), 48),
    ],
)
def test_working_seconds_count_only_working_days_in_the_campaigns_zone(
    spec: CalendarSpec, zone: str, t0: datetime, t1: datetime, hours: int
) -> None:
    assert clock(spec, zone).seconds(t0, t1) == hours * 3600


def by_the_definition(spec: CalendarSpec, zone: ZoneInfo, t0: datetime, t1: datetime) -> float:
    """Each working day's overlap with [t0, t1], summed day by day."""
    calendar, total = WorkCalendar(spec), 0.0
    a, b = t0.astimezone(zone), t1.astimezone(zone)
    day = a.date()
    while day <= b.date():
        if calendar.is_workday(day):
            lo = max(a, datetime.combine(day, time(), zone))
            hi = min(b, datetime.combine(day + timedelta(days=1), time(), zone))
            total += max(0.0, hi.timestamp() - lo.timestamp())
        day += timedelta(days=1)
    return total


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Europe/Berlin", "America/New_York"])
def test_working_seconds_agree_with_the_day_by_day_definition_at_random_moments(zone: str) -> None:
    rng = random.Random(zone)
    tz = ZoneInfo(zone)
    specs = [
        CalendarSpec(),
        EVERY_DAY_LISTED,
        replace(CalendarSpec(), holidays=frozenset({date(2026, 3, 30)}), workdays=frozenset({date(2026, 3, 28)})),
    ]
    origin = datetime(2026, 1, 1, tzinfo=tz)
    for _ in range(400):
        spec = rng.choice(specs)
        t0 = origin + timedelta(minutes=rng.randrange(0, 400 * 24 * 60))
        t1 = t0 + timedelta(minutes=rng.randrange(-600, 60 * 24 * 60))
        assert clock(spec, zone).seconds(t0, t1) == by_the_definition(spec, tz, t0, t1), (spec, t0, t1)
