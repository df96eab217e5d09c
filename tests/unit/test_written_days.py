"""A day as people write it is read by one rule, wherever it is written: a plan's calendar, a 核查
file's as-of date and /leave. Before, each had its own reader, and a plan's calendar refused the
2026年10月1日 that a 核查 file and /leave took."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.days import WrittenDay, written_day
from bot.domain.errors import DomainError
from bot.domain.leave import parse_day
from bot.plans import check_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.reconcile_source import read_reconcile

WITH_YEAR = [
    ("2026-12-31", WrittenDay(2026, 12, 31)),
    ("2026/12/31", WrittenDay(2026, 12, 31)),
    ("2026.12.31", WrittenDay(2026, 12, 31)),
    ("2026-1-5", WrittenDay(2026, 1, 5)),
    ("2026年12月31日", WrittenDay(2026, 12, 31)),
    ("2026年12月31号", WrittenDay(2026, 12, 31)),
    ("2026年1月5", WrittenDay(2026, 1, 5)),
    ("2026 年 12 月 31 日", WrittenDay(2026, 12, 31)),
    ("２０２６－１２－３１", WrittenDay(2026, 12, 31)),  # full-width, as a Chinese input method types it
    (" 2026-12-31 ", WrittenDay(2026, 12, 31)),
]
WITHOUT_YEAR = [
    ("12-31", WrittenDay(None, 12, 31)),
    ("12/31", WrittenDay(None, 12, 31)),
    ("1.5", WrittenDay(None, 1, 5)),
    ("12月31日", WrittenDay(None, 12, 31)),
    ("12月31号", WrittenDay(None, 12, 31)),
    ("１２月３１日", WrittenDay(None, 12, 31)),
]
NOT_A_DAY = ["", "明天", "2026", "20261231", "12", "2026-12", "2026-12-31 08:00", "12-31-2026", "٢٠٢٦-١٢-٣١",
             "2026-123-1", "张三", "12月", "十二月三十一日"]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), WITH_YEAR + WITHOUT_YEAR)
def test_every_way_of_writing_a_day_is_read_to_its_year_month_and_day(text: str, expected: WrittenDay) -> None:
    assert written_day(text) == expected


@pytest.mark.parametrize("text", NOT_A_DAY)
def test_what_is_no_day_is_not_read_as_one(text: str) -> None:
    assert written_day(text) is None


def _plan_with_holiday(text: str) -> bytes:
    calendar = f'calendar:\n  holidays: ["{text}"]\n'
    return (EXAMPLE_PLAN_YAML + calendar).encode()


def _check_file(as_of: str) -> bytes:
    return f"单位或人员,任务,核查数,来源,截至日期\n七岭村,走访,1,抽查,{as_of}\n".encode()


@pytest.mark.parametrize(("text", "expected"), WITH_YEAR)
def test_a_plan_calendar_a_check_file_and_leave_read_a_day_with_its_year_alike(text: str, expected: WrittenDay) -> None:
    day = date(expected.year or 0, expected.month, expected.day)
    plan, problems = check_plan(_plan_with_holiday(text.strip()), "plan.yaml")
    assert [p.render("en") for p in problems] == []
    assert plan is not None
    assert plan.campaign.calendar.holidays == frozenset({day})
    rows, issues = read_reconcile(
        f"单位或人员,任务,核查数,来源,截至日期\n七岭村,走访,1,抽查,{text.strip()}\n".encode(), "c.csv"
    )
    assert issues == []
    assert rows[0].as_of == day
    assert parse_day(text, date(2026, 11, 1), date(2026, 12, 31)) == day


def test_a_day_without_its_year_is_placed_in_the_campaign_and_refused_in_a_plans_calendar() -> None:
    assert parse_day("1-3", date(2026, 12, 1), date(2027, 1, 31)) == date(2027, 1, 3)  # across New Year
    _, problems = check_plan(_plan_with_holiday("12月31日"), "plan.yaml")
    assert [(p.key, p.params.get("value")) for p in problems] == [("plan.bad_day", "12月31日")]


@pytest.mark.parametrize("text", ["2026-02-30", "2026年13月1日", "٢٠٢٦-١٢-٣١"])
def test_a_day_that_does_not_exist_is_refused_everywhere(text: str) -> None:
    _, problems = check_plan(_plan_with_holiday(text), "plan.yaml")
    assert [p.key for p in problems] == ["plan.bad_day"]
    _, issues = read_reconcile(_check_file(text), "c.csv")
    assert [i.key for i in issues] == ["reconcile.bad_date"]
    with pytest.raises(DomainError):
        parse_day(text, date(2026, 11, 1), date(2026, 12, 31))
