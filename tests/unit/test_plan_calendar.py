"""A plan's working calendar (issue 11 §1): dates of the campaign that neither the plan's `calendar`
nor chinese_calendar (data up to 2026) covers are warnings, not problems — grouped into ranges — and
the plan still loads; a stated weekend, or `calendar: off`, covers every date."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook

from bot.domain.model import BulletinSchedule, CalendarSpec, RestDays
from bot.plans import check_plan, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.plan_workbook import plan_to_xlsx, write_template
from tests.unit.plan_books import workbook as save_sheets
from tests.unit.plan_problems import assert_readable

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


def test_the_example_plan_warns_of_its_days_in_2027_beyond_the_statutory_data() -> None:
    # The example is the shared SPEC example, which names no calendar: 2027 is not announced yet.
    plan = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml")
    assert plan.campaign.calendar.holidays == frozenset()
    assert [w.params for w in plan.warnings] == [{"first": "2027-01-01", "last": "2027-01-05"}]


# --- the workbook: a 日历 sheet, campaign rows for the rest days ---------------------------------

CAMPAIGN_ROWS: list[list[object]] = [
    ["field 字段", "value 值"],
    ["key", "mini"],
    ["name", "小活动"],
    ["start", "2026-12-28 08:00"],
    ["end", "2027-01-06 18:00"],
]
ORG: dict[str, list[list[object]]] = {
    "tasks": [["key", "name", "unit"], ["visit", "入户走访", "户"]],
    "units": [["code", "name", "level"], ["town", "镇", "town"]],
    "members": [["name", "unit", "role"], ["张三", "town", "cadre"]],
}


def workbook(campaign_rows: Sequence[Sequence[object]], calendar: Sequence[Sequence[object]] | None = None) -> bytes:
    sheets: dict[str, Sequence[Sequence[object]]] = {"活动": campaign_rows, **ORG}
    if calendar is not None:
        sheets["日历"] = calendar
    return save_sheets(sheets)


def test_a_calendar_sheet_gives_holidays_make_up_days_and_the_weekend() -> None:
    rows: list[list[object]] = [
        ["date 日期", "kind 类型", "说明"],
        [datetime(2027, 1, 1), "节假日", "元旦"],
        ["2027-01-02", "holiday 休息", None],
        ["2027-01-09", "调休上班", None],
        ["周六、周日", "周末", None],
    ]
    plan = load_plan(workbook(CAMPAIGN_ROWS, rows), "plan.xlsx")
    assert plan.campaign.calendar == CalendarSpec(
        True, frozenset({date(2027, 1, 1), date(2027, 1, 2)}), frozenset({date(2027, 1, 9)}), (5, 6), True
    )
    assert plan.warnings == ()  # the weekend is stated: every date is covered


def test_a_workbook_without_a_calendar_sheet_warns_of_the_dates_beyond_the_data() -> None:
    plan = load_plan(workbook(CAMPAIGN_ROWS), "plan.xlsx")
    assert plan.campaign.calendar == CalendarSpec()
    assert [w.params for w in plan.warnings] == [{"first": "2027-01-01", "last": "2027-01-06"}]


def test_a_campaign_row_turns_the_calendar_off_and_rest_day_rows_set_reminders_and_bulletins() -> None:
    rows: Sequence[Sequence[object]] = [
        *CAMPAIGN_ROWS,
        ["calendar 日历", "off"],
        ["提醒遇休息日", "skip"],
        ["通报遇休息日", "skip"],
    ]
    c = load_plan(workbook(rows), "plan.xlsx").campaign
    assert c.calendar == CalendarSpec(enabled=False)
    assert c.reminders.rest_days is RestDays.SKIP
    assert c.bulletin == BulletinSchedule(time(18, 0), RestDays.SKIP)  # the default time, skipping rest days


@pytest.mark.parametrize("order", [1, -1])
def test_the_bulletin_time_and_its_rest_day_rule_combine_in_either_order(order: int) -> None:
    extra: Sequence[Sequence[object]] = [["bulletin 每日通报", "17:30"], ["bulletin_rest_days 通报遇休息日", "skip"]][
        ::order
    ]
    c = load_plan(workbook([*CAMPAIGN_ROWS, *extra]), "plan.xlsx").campaign
    assert c.bulletin == BulletinSchedule(time(17, 30), RestDays.SKIP)
    off: Sequence[Sequence[object]] = [["bulletin", "off"], ["bulletin_rest_days", "skip"]][::order]
    assert load_plan(workbook([*CAMPAIGN_ROWS, *off]), "plan.xlsx").campaign.bulletin.daily_at is None


def test_every_calendar_problem_at_once_with_its_cell() -> None:
    rows: list[list[object]] = [
        ["date 日期", "kind 类型"],
        ["2027-13-01", "节假日"],
        [datetime(2027, 1, 2), "maybe"],
        [None, "上班"],
        ["周八", "周末"],
    ]
    campaign: Sequence[Sequence[object]] = [*CAMPAIGN_ROWS, ["提醒遇休息日", "later"], ["calendar", "off"]]
    plan, problems = check_plan(workbook(campaign, rows), "plan.xlsx")
    assert plan is None
    found = {(p.location, p.key) for p in problems}
    assert found == {
        ("日历!A2", "plan.bad_day"),
        ("日历!B3", "plan.calendar_kind"),
        ("日历!A4", "plan.missing"),
        ("日历!A5", "plan.bad_weekday"),
        ("活动!B6", "plan.bad_choice"),
        ("sheet '日历'", "plan.calendar_twice"),
    }
    for problem in problems:
        assert_readable(problem)


def test_the_template_has_the_calendar_sheet_and_the_rest_day_rows() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    rows = list(wb["calendar"].iter_rows(values_only=True))
    assert rows[0] == ("date 日期", "kind 类型", "notes 说明")
    assert [(r[0], r[1]) for r in rows[1:]] == []  # the example names no dates of its own
    fields = {row[0]: row[1] for row in wb["campaign"].iter_rows(min_row=2, values_only=True)}
    assert fields["reminders_rest_days 提醒遇休息日"] == "previous"
    assert fields["bulletin_rest_days 通报遇休息日"] == "send"


def test_a_plan_with_its_own_weekend_or_without_a_calendar_round_trips_through_a_workbook() -> None:
    for block in ("calendar: {holidays: [2027-01-01], workdays: [2027-01-09], weekend: [fri, sat]}\n",
                  "calendar: off\n"):  # fmt: skip
        plan = load_plan((ACROSS_NEW_YEAR_2027 + block).encode(), "plan.yaml")
        assert load_plan(plan_to_xlsx(plan), "plan.xlsx") == plan


def test_an_impossible_date_written_plainly_in_yaml_is_named_where_it_stands() -> None:
    # 2026-02-30 unquoted is a YAML timestamp that cannot be built: not a syntax error at line 1.
    plan, problems = check_plan((ACROSS_NEW_YEAR_2027 + "calendar: {holidays: [2026-02-30]}\n").encode(), "plan.yaml")
    assert plan is None
    assert [(p.location, p.key) for p in problems] == [("calendar.holidays", "plan.bad_day")]
    assert_readable(problems[0])
    assert "2026-02-30" in problems[0].render("en")


@pytest.mark.parametrize(
    "block",
    [
        "calendar: {weekend: [mon, tue, wed, thu, fri, sat, sun]}\n",
        "calendar: {weekend: [], holidays: [2026-12-28, 2026-12-29, 2026-12-30, 2026-12-31, 2027-01-01, 2027-01-02,"
        " 2027-01-03, 2027-01-04, 2027-01-05, 2027-01-06]}\n",
    ],
)
def test_a_campaign_without_a_single_working_day_is_warned_about(block: str) -> None:
    # Per-day need and expected progress count working days: with none, they cannot mean anything.
    plan, problems = check_plan((ACROSS_NEW_YEAR_2027 + block).encode(), "plan.yaml")
    assert plan is not None, problems
    assert [(w.location, w.key) for w in plan.warnings] == [("calendar", "plan.calendar_no_workday")]
    assert_readable(plan.warnings[0])


def test_a_date_both_a_holiday_and_a_working_day_is_a_problem() -> None:
    # Which one was meant cannot be guessed: the plan says so, naming the dates, rather than pick one.
    block = "calendar: {holidays: [2027-01-02, 2027-01-04], workdays: [2027-01-04, 2027-01-02, 2027-01-05]}\n"
    plan, problems = check_plan((ACROSS_NEW_YEAR_2027 + block).encode(), "plan.yaml")
    assert plan is None
    assert [(p.location, p.key) for p in problems] == [("calendar", "plan.calendar_both")]
    assert_readable(problems[0])
    assert "2027-01-02, 2027-01-04" in problems[0].render("en")
