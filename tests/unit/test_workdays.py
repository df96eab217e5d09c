"""The working calendar (issue 11 §1): chinese_calendar's holidays and 调休 days, the plan's own dates
over it, the weekend rule beyond its data, and `calendar: off`. Dates checked by hand against the
State Council's 2026 notice: 元旦 1–3 January (Thursday–Saturday), Sunday 4 January a working day."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.model import CalendarSpec
from bot.domain.workdays import EVERY_DAY, WorkCalendar

CN = WorkCalendar()


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (date(2025, 12, 31), True),  # Wednesday
        (date(2026, 1, 1), False),  # 元旦
        (date(2026, 1, 2), False),  # 元旦 holiday, a Friday
        (date(2026, 1, 3), False),  # Saturday
        (date(2026, 1, 4), True),  # 调休: a Sunday that is a working day
        (date(2026, 1, 5), True),  # Monday
        (date(2026, 1, 10), False),  # an ordinary Saturday
        (date(2026, 12, 5), False),  # Saturday of the example plan's 60 % checkpoint
        (date(2027, 1, 4), True),  # beyond chinese_calendar's data: a Monday by the weekend rule
        (date(2027, 1, 2), False),  # beyond it: a Saturday
    ],
)
def test_chinese_calendar_decides_working_days(day: date, works: bool) -> None:
    assert CN.is_workday(day) is works


def test_dates_beyond_the_packages_data_are_not_covered() -> None:
    assert CN.covered(date(2026, 12, 31))
    assert not CN.covered(date(2027, 1, 1))
    assert CN.uncovered(date(2026, 12, 30), date(2027, 1, 2)) == [date(2027, 1, 1), date(2027, 1, 2)]


def test_the_plans_dates_override_chinese_calendar() -> None:
    spec = CalendarSpec(holidays=frozenset({date(2026, 1, 5)}), workdays=frozenset({date(2026, 1, 10)}))
    cal = WorkCalendar(spec)
    assert not cal.is_workday(date(2026, 1, 5))
    assert cal.is_workday(date(2026, 1, 10))
    assert not cal.is_workday(date(2026, 1, 1))  # chinese_calendar still answers for the rest
    assert cal.covered(date(2026, 1, 5))


def test_a_stated_weekend_rule_covers_every_date_and_replaces_chinese_calendar() -> None:
    cal = WorkCalendar(CalendarSpec(weekend=(6,), weekend_given=True, holidays=frozenset({date(2027, 1, 1)})))
    assert cal.is_workday(date(2026, 1, 3))  # Saturday works under a Sunday-only weekend
    assert not cal.is_workday(date(2026, 1, 4))  # the 调休 Sunday is the plan's rest day now
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.uncovered(date(2027, 1, 1), date(2027, 2, 1)) == []


def test_calendar_off_makes_every_day_a_working_day() -> None:
    assert EVERY_DAY.count_workdays(date(2026, 1, 1), date(2026, 1, 10)) == 10
    assert EVERY_DAY.covered(date(2030, 1, 1))


def test_counting_and_stepping_back_over_new_year() -> None:
    # 31 Dec (Wed) and 4 Jan (Sun, 调休) … 9 Jan (Fri): 1 + 6 working days.
    assert CN.workdays(date(2025, 12, 31), date(2026, 1, 9))[:2] == [date(2025, 12, 31), date(2026, 1, 4)]
    assert CN.count_workdays(date(2025, 12, 31), date(2026, 1, 9)) == 7
    assert CN.previous_workday(date(2026, 1, 3)) == date(2025, 12, 31)
    assert CN.previous_workday(date(2026, 1, 4)) == date(2026, 1, 4)
    assert (
        WorkCalendar(CalendarSpec(weekend=tuple(range(7)), weekend_given=True)).previous_workday(date(2026, 1, 4))
        is None
    )


def test_a_changed_calendar_is_never_answered_from_an_earlier_count() -> None:
    # Working days are counted once per calendar and range; a plan that adds a holiday or a make-up
    # day is a different calendar, and the same range counts again.
    first, last = date(2026, 3, 2), date(2026, 3, 8)  # Monday … Sunday
    assert WorkCalendar(CalendarSpec()).count_workdays(first, last) == 5
    holiday = WorkCalendar(CalendarSpec(holidays=frozenset({date(2026, 3, 4)})))
    assert holiday.workdays(first, last) == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 6)]
    assert WorkCalendar(CalendarSpec(workdays=frozenset({date(2026, 3, 8)}))).count_workdays(first, last) == 6
    assert WorkCalendar(CalendarSpec(enabled=False)).count_workdays(first, last) == 7
    assert WorkCalendar(CalendarSpec()).count_workdays(first, last) == 5


def test_a_caller_changing_its_list_of_working_days_changes_no_later_answer() -> None:
    first, last = date(2026, 3, 2), date(2026, 3, 8)
    CN.workdays(first, last).clear()
    assert CN.count_workdays(first, last) == 5
