"""Review of the one day reader (bot/domain/days.py): every day /leave read before it was shared is read to
the same date; odd forms (a doubled 号, a space inside, month 0, a 29 February that is not, a US-style
day, a month alone) are no day anywhere; years at the ends of the calendar never crash the placing of a
day without its year; and the added forms (full-width separators, 日 after dashes) read alike in a plan's
calendar, a 核查 file and /leave."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.days import WrittenDay, in_campaign, looks_like_day, written_day
from bot.domain.errors import DomainError
from bot.domain.leave import parse_day
from bot.plans import check_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.reconcile_source import read_reconcile

FIRST, LAST = date(2026, 11, 1), date(2026, 12, 31)

# What /leave's own reader (bot/domain/leave.py at ed7ba12) made of each, in a campaign of Nov–Dec 2026.
READ_BEFORE = {
    "12-10": date(2026, 12, 10),
    "12/10": date(2026, 12, 10),
    "12.10": date(2026, 12, 10),
    "12月10日": date(2026, 12, 10),
    "12月10号": date(2026, 12, 10),
    "12月10": date(2026, 12, 10),
    "１２月１０日": date(2026, 12, 10),
    "12月1０日": date(2026, 12, 10),
    "2026-12-10": date(2026, 12, 10),
    "2026.12.10": date(2026, 12, 10),
    "2026/12/10": date(2026, 12, 10),
    "2026年12月10日": date(2026, 12, 10),
    "2026年12月10": date(2026, 12, 10),
    "12-10\n": date(2026, 12, 10),
    " 12月10日 ": date(2026, 12, 10),
    "1-3": date(2027, 1, 3),  # nearest the campaign: the January after it
    "01-03": date(2027, 1, 3),
    "0001-12-31": date(1, 12, 31),
    "9999-12-31": date(9999, 12, 31),
}
NO_DAY = ["12月31号号", "1 2-10", "12 10", "2026年12月", "12/31/2026", "12—10", "12~10", "001-03", "12-010",
          "02026-12-10", "+12-10", "12-10-", "2026.12.10.", "12月", "2026"]  # fmt: skip
NO_SUCH_DAY = ["2026-2-29", "2-29", "2-30", "0-0", "00-00", "13-1", "99-99", "2026-00-10", "0000-12-31"]


@pytest.mark.parametrize(("text", "day"), READ_BEFORE.items(), ids=[repr(t) for t in READ_BEFORE])
def test_every_day_leave_read_before_is_read_to_the_same_date(text: str, day: date) -> None:
    assert looks_like_day(text)
    assert parse_day(text, FIRST, LAST) == day


@pytest.mark.parametrize("text", NO_DAY)
def test_what_is_written_unlike_a_day_is_no_day(text: str) -> None:
    assert written_day(text) is None
    with pytest.raises(DomainError):
        parse_day(text, FIRST, LAST)


@pytest.mark.parametrize("text", NO_SUCH_DAY)
def test_a_day_that_exists_in_no_year_near_the_campaign_is_refused_not_a_crash(text: str) -> None:
    assert looks_like_day(text)  # meant as a day: /leave 张三 2-30 12-15 says the day is wrong, not the usage
    with pytest.raises(DomainError):
        parse_day(text, FIRST, LAST)


def test_a_day_without_its_year_is_placed_at_the_ends_of_the_calendar_without_a_crash() -> None:
    assert in_campaign(WrittenDay(None, 1, 3), date(9999, 12, 1), date(9999, 12, 31)) == date(9999, 1, 3)
    assert in_campaign(WrittenDay(None, 12, 31), date(1, 1, 1), date(1, 1, 31)) == date(1, 12, 31)
    assert in_campaign(WrittenDay(None, 2, 29), date(1, 1, 1), date(1, 1, 31)) is None  # years 1 and 2: common


def _plan_with_holiday(text: str) -> bytes:
    return (EXAMPLE_PLAN_YAML + f'calendar:\n  holidays: ["{text}"]\n').encode()


def _check_file(as_of: str) -> bytes:
    return f"单位或人员,任务,核查数,来源,截至日期\n七岭村,走访,1,抽查,{as_of}\n".encode()


ADDED = {
    "２０２６／１２／３１": date(2026, 12, 31),  # full-width separators and digits
    "2026－12－31": date(2026, 12, 31),
    "2026-12-31日": date(2026, 12, 31),
    "2026/12/31号": date(2026, 12, 31),
    "2026年12-31": date(2026, 12, 31),
    "2026 - 12 - 31": date(2026, 12, 31),
}


@pytest.mark.parametrize(("text", "day"), ADDED.items())
def test_an_added_form_reads_alike_in_a_plan_calendar_a_check_file_and_leave(text: str, day: date) -> None:
    plan, problems = check_plan(_plan_with_holiday(text), "plan.yaml")
    assert [p.render("en") for p in problems] == []
    assert plan is not None
    assert plan.campaign.calendar.holidays == frozenset({day})
    rows, issues = read_reconcile(_check_file(text), "c.csv")
    assert issues == []
    assert rows[0].as_of == day
    assert parse_day(text, FIRST, LAST) == day


@pytest.mark.parametrize("text", ["2026年12月", "12/31/2026", "2026-2-29", "0000-12-31", "2026-00-10"])
def test_an_odd_form_is_refused_in_a_plan_calendar_and_a_check_file(text: str) -> None:
    _, problems = check_plan(_plan_with_holiday(text), "plan.yaml")
    assert [p.key for p in problems] == ["plan.bad_day"]
    _, issues = read_reconcile(_check_file(text), "c.csv")
    assert [i.key for i in issues] == ["reconcile.bad_date"]
