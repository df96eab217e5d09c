"""A plan's working calendar (issue 11 §1): dates of the campaign that neither the plan's `calendar`
nor chinese_calendar (data up to 2026) covers are warnings, not problems — grouped into ranges — and
the plan still loads; a stated weekend, or `calendar: off`, covers every date."""

from __future__ import annotations

import pytest

from bot.plans import check_plan, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML

ACROSS_NEW_YEAR_2027 = """\
campaign: {key: mini, name: 小活动, start: 2026-12-28T08:00, end: 2027-01-06T18:00}
tasks: [{key: visit, name: 入户走访, unit: 户}]
units: [{code: town, name: 镇, level: town}]
members: [{name: 张三, unit: town, role: cadre}]
"""


def warnings(text: str) -> list[str]:
    plan, problems = check_plan(text.encode(), "plan.yaml")
    assert plan is not None, problems
    return [w.render("zh") for w in plan.warnings]


def test_dates_beyond_chinese_calendar_warn_as_one_range() -> None:
    assert warnings(ACROSS_NEW_YEAR_2027) == [
        "calendar: 2027-01-01 至 2027-01-06 不在法定节假日数据内，按周末休息计算；可在计划的 calendar / 日历 中补充"
    ]


def test_the_plans_own_dates_cover_theirs_and_split_the_ranges() -> None:
    text = ACROSS_NEW_YEAR_2027 + "calendar: {holidays: [2027-01-02, 2027-01-03], workdays: [2027-01-05]}\n"
    assert warnings(text) == [
        "calendar: 2027-01-01 不在法定节假日数据内，按周末休息计算；可在计划的 calendar / 日历 中补充",
        "calendar: 2027-01-04 不在法定节假日数据内，按周末休息计算；可在计划的 calendar / 日历 中补充",
        "calendar: 2027-01-06 不在法定节假日数据内，按周末休息计算；可在计划的 calendar / 日历 中补充",
    ]


@pytest.mark.parametrize("block", ["calendar: off\n", "calendar: {weekend: [sat, sun]}\n", "calendar: {weekend: []}\n"])
def test_a_stated_weekend_or_no_calendar_covers_every_date(block: str) -> None:
    assert warnings(ACROSS_NEW_YEAR_2027 + block) == []


def test_a_campaign_within_the_packages_years_has_no_warning() -> None:
    text = ACROSS_NEW_YEAR_2027.replace("end: 2027-01-06T18:00", "end: 2026-12-31T18:00")
    assert warnings(text) == []


def test_warnings_speak_english_too() -> None:
    plan = load_plan(ACROSS_NEW_YEAR_2027.encode(), "plan.yaml")
    assert [w.render("en") for w in plan.warnings] == [
        "calendar: 2027-01-01 to 2027-01-06 are not in the statutory holiday data: weekends are taken as rest "
        "days; add them to the plan's calendar (日历) if needed"
    ]


def test_uncovered_dates_are_never_a_problem() -> None:
    plan, problems = check_plan(ACROSS_NEW_YEAR_2027.replace("key: visit", "key: 走访").encode(), "plan.yaml")
    assert plan is None
    assert [p.key for p in problems] == ["plan.bad_key"]  # the broken task key, no calendar line


def test_the_example_plan_lists_new_year_2027_and_warns_of_the_two_working_days_after() -> None:
    plan = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml")
    from datetime import date

    assert {date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)} <= plan.campaign.calendar.holidays
    assert [w.params for w in plan.warnings] == [{"first": "2027-01-04", "last": "2027-01-05"}]
