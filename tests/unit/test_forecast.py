"""The forecast (issue 11 §3), checked by hand against the working calendar across 元旦 2026: 1–3 January
are holidays (Thursday–Saturday) and Sunday 4 January is a working day.

The campaign runs Monday 29 Dec 2025 … Friday 16 Jan 2026; its working days are 29, 30, 31 Dec, 4, 5, 6,
7, 8, 9, 12, 13, 14, 15, 16 Jan. The 60 % checkpoint is due Friday 9 Jan. Quota 100."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from bot.domain.forecast import (
    Horizon,
    Sums,
    TaskForecast,
    TooEarly,
    forecast,
    forecast_sums,
    recent_since,
    sums_of,
    workdays_after,
)
from bot.domain.model import CalendarSpec, Campaign
from bot.domain.workdays import WorkCalendar

CN = WorkCalendar()
START, END = date(2025, 12, 29), date(2026, 1, 16)
DUE_60 = date(2026, 1, 9)

# Work per day, by the day the work was done: 3 on the holiday of 2 Jan counts too.
SERIES = {
    date(2025, 12, 29): 10,
    date(2025, 12, 30): 6,
    date(2025, 12, 31): 5,
    date(2026, 1, 2): 3,
    date(2026, 1, 4): 2,
    date(2026, 1, 5): 5,
    date(2026, 1, 6): 4,
    date(2026, 1, 7): 6,
    date(2026, 1, 8): 3,  # today in most cases below: in the total, not in the rates
}


def horizon(today: date, calendar: WorkCalendar = CN) -> Horizon:
    return Horizon.build(calendar, START, END, today)


def test_rates_and_projections_across_new_year() -> None:
    # Today Thursday 8 Jan. Completed working days since the start: 29, 30, 31 Dec, 4, 5, 6, 7 Jan = 7.
    # Run-rate: (10+6+5+3+2+5+4+6) / 7 = 41/7. Recent window: the last 5 of them, 31 Dec … 7 Jan, with
    # the holidays between: (5+3+2+5+4+6) / 5 = 5. Done: 41 + 3 today = 44.
    # Working days after today up to the 60 % due date: 9 Jan = 1; up to the end: 9, 12–16 Jan = 6.
    # At the due date: 44 + 5 = 49 (49 %); at the end 44 + 30 = 74 (74 %).
    # 60 still needs 16: ceil(16/5) = 4 working days after today → 9, 12, 13, 14 Jan; late 4 − 1 = 3
    # (12, 13 and 14 Jan past the due date).
    f = forecast(SERIES, quota=100, percent=60, due=DUE_60, horizon=horizon(date(2026, 1, 8)))
    assert isinstance(f, TaskForecast)
    assert f.done == 44
    assert f.run_rate == Fraction(41, 7)
    assert f.recent_rate == 5
    assert (f.at_due, f.at_end) == (49, 74)
    assert (f.share_at_due, f.share_at_end) == (0.49, 0.74)
    assert f.target == 60
    assert f.reach == date(2026, 1, 14)
    assert f.late == 3
    assert not f.met


@pytest.mark.parametrize(
    ("due", "reach", "late"),
    [
        (date(2026, 1, 9), date(2026, 1, 12), 1),  # 2 days needed, 1 available: late 1
        (date(2026, 1, 12), date(2026, 1, 12), 0),  # on time
        (date(2026, 1, 14), date(2026, 1, 12), -2),  # early by 13 and 14 Jan
        (date(2026, 1, 11), date(2026, 1, 12), 1),  # due on a Sunday: only 9 Jan is available
    ],
)
def test_late_and_early_count_working_days(due: date, reach: date, late: int) -> None:
    # 44 done, all in the recent window 31 Dec … 7 Jan: 44/5 a working day; 60 − 44 = 16 needs
    # ceil(16 × 5 / 44) = 2 working days after today: 9 and 12 Jan.
    fast = {date(2025, 12, 31): 20, date(2026, 1, 5): 20, date(2026, 1, 7): 4}
    f = forecast(fast, quota=100, percent=60, due=due, horizon=horizon(date(2026, 1, 8)))
    assert isinstance(f, TaskForecast)
    assert f.recent_rate == Fraction(44, 5)
    assert (f.reach, f.late) == (reach, late)


def test_rate_zero_never_reaches_the_target() -> None:
    idle = {date(2025, 12, 29): 20}  # nothing in the last 5 working days
    f = forecast(idle, quota=100, percent=60, due=DUE_60, horizon=horizon(date(2026, 1, 8)))
    assert isinstance(f, TaskForecast)
    assert f.recent_rate == 0
    assert f.run_rate == Fraction(20, 7)
    assert (f.at_due, f.at_end) == (20, 20)
    assert f.reach is None


def test_a_target_not_reached_before_the_end_has_no_date() -> None:
    slow = {date(2026, 1, 5): 5}  # 1 a working day; 60 − 5 = 55 needs 55 working days, 6 are left
    f = forecast(slow, quota=100, percent=60, due=DUE_60, horizon=horizon(date(2026, 1, 8)))
    assert isinstance(f, TaskForecast)
    assert f.recent_rate == 1
    assert f.at_end == 11
    assert f.reach is None


def test_a_target_already_met() -> None:
    f = forecast({date(2026, 1, 5): 70}, quota=100, percent=60, due=DUE_60, horizon=horizon(date(2026, 1, 8)))
    assert isinstance(f, TaskForecast)
    assert f.met
    assert f.reach is None
    assert f.at_due == 84  # 70 + 14 (70 / 5 a day, 1 working day)


@pytest.mark.parametrize(
    ("today", "days"),
    [
        (date(2025, 12, 29), 0),  # the first day: nothing completed
        (date(2025, 12, 31), 2),  # 29 and 30 Dec
        (date(2026, 1, 1), 3),  # a holiday: 29, 30, 31 Dec are three working days of data
        (date(2026, 1, 4), 3),  # the 调休 Sunday itself is today, not yet data
        (date(2026, 1, 5), 4),  # … and yesterday's 调休 Sunday counts
    ],
)
def test_three_working_days_of_data_before_any_forecast(today: date, days: int) -> None:
    h = horizon(today)
    assert h.elapsed == days
    f = forecast(SERIES, quota=100, percent=60, due=DUE_60, horizon=h)
    assert isinstance(f, TooEarly) is (days < 3)
    if isinstance(f, TooEarly):
        assert f.days == days


def test_fewer_than_five_working_days_average_over_those_there_are() -> None:
    # Today Monday 5 Jan: 29, 30, 31 Dec and the 调休 Sunday 4 Jan are the data (4 days); the holidays'
    # 3 is work too: (10 + 6 + 5 + 3 + 2) / 4 = 26/4. Done 26 + 5 today = 31.
    f = forecast(SERIES, quota=100, percent=60, due=DUE_60, horizon=horizon(date(2026, 1, 5)))
    assert isinstance(f, TaskForecast)
    assert f.run_rate == f.recent_rate == Fraction(26, 4)
    # 6, 7, 8, 9 Jan up to the due date: 31 + 4 × 26/4 = 57; 29 needed → ceil(29 × 4 / 26) = 5 working
    # days → 6, 7, 8, 9, 12 Jan; late 5 − 4 = 1.
    assert f.at_due == 57
    assert (f.reach, f.late) == (date(2026, 1, 12), 1)


def test_every_day_counts_when_the_calendar_is_off() -> None:
    every = WorkCalendar(CalendarSpec(enabled=False))
    h = horizon(date(2026, 1, 8), every)
    assert h.elapsed == 10  # 29 Dec … 7 Jan
    f = forecast(SERIES, quota=100, percent=60, due=DUE_60, horizon=h)
    assert isinstance(f, TaskForecast)
    # The last 5 days, 3 … 7 Jan: (2+5+4+6) / 5 = 17/5; 9 Jan is one day to the due date.
    assert f.recent_rate == Fraction(17, 5)
    assert f.at_due == 47  # 44 + 3.4, rounded down


def test_workdays_after_today_up_to_a_date() -> None:
    assert workdays_after(CN, date(2025, 12, 31), date(2026, 1, 5)) == 2  # 4 and 5 Jan
    assert workdays_after(CN, date(2026, 1, 9), date(2026, 1, 9)) == 0
    assert workdays_after(CN, date(2026, 1, 9), date(2026, 1, 1)) == 0


def test_recent_sums_start_at_the_first_of_the_last_five_working_days() -> None:
    sh = ZoneInfo("Asia/Shanghai")
    campaign = Campaign("c", "测试", datetime(2025, 12, 29, 8, 0, tzinfo=sh), datetime(2026, 1, 16, 18, 0, tzinfo=sh))
    campaign = replace(campaign, calendar=CalendarSpec())  # chinese_calendar, as a plan gets it
    # 8 Jan: the last 5 completed working days are 31 Dec, 4, 5, 6, 7 Jan; the sums start at 31 Dec 00:00.
    assert recent_since(campaign, datetime(2026, 1, 8, 10, 0, tzinfo=sh)) == datetime(2025, 12, 31, tzinfo=sh)
    # 30 Dec: one completed working day, 29 Dec: from the start of it.
    assert recent_since(campaign, datetime(2025, 12, 30, 10, 0, tzinfo=sh)) == datetime(2025, 12, 29, tzinfo=sh)
    # The first day: nothing completed yet, the campaign's start.
    assert recent_since(campaign, datetime(2025, 12, 29, 9, 0, tzinfo=sh)) == campaign.start


def test_a_series_reduces_to_three_sums_that_add_up_per_unit() -> None:
    h = horizon(date(2026, 1, 8))
    # Up to today 44; before today 41; in the window 31 Dec … 7 Jan 25 (the first table's figures).
    assert sums_of(SERIES, h) == Sums(44, 41, 25)
    assert Sums(44, 41, 25) + Sums(1, 1, 0) == Sums(45, 42, 25)
    assert forecast_sums(Sums(44, 41, 25), quota=100, percent=60, due=DUE_60, horizon=h) == forecast(
        SERIES, quota=100, percent=60, due=DUE_60, horizon=h
    )
