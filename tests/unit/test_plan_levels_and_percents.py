"""SPEC §2/§4: a unit's `level` may be left out (it is then its depth: "1" for a top unit, "2"
below it …), a rule naming a level no unit has is a problem at the rule's own place, and a
milestone's percent may be written as a spreadsheet shows it (`50%`, a 0.75 cell formatted as a
percentage, or plain 75), in YAML as well as in a workbook."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.model import MinEachRule
from bot.plans import check_plan, load_plan
from tests.unit.plan_books import GOOD, workbook
from tests.unit.plan_problems import assert_readable

LEVELLESS = """\
campaign: {key: mini, name: 小活动, start: 2026-11-12T08:00, end: 2026-12-31T18:00}
tasks: [{key: visit, name: 入户走访, unit: 户}]
milestones: [{percent: "50%", due: 2026-12-01T18:00}]
units:
  - code: county
    name: 县
    children:
      - code: town
        name: 镇
        children: [{code: v1, name: 一村}, {code: v2, name: 二村, level: village}]
members: [{name: 张三, unit: v1, role: cadre}]
rules: [{min_each: {level: 3, task: visit, count: 1, by: "50%"}}]
"""


def test_a_unit_without_a_level_is_at_the_level_of_its_depth() -> None:
    plan = load_plan(LEVELLESS.encode(), "plan.yaml")
    assert [(u.code, u.level) for u in plan.units] == [("county", "1"), ("town", "2"), ("v1", "3"), ("v2", "village")]
    # a rule names the default level as written, 3 or "3"
    assert plan.campaign.rules == (MinEachRule("3", "visit", 1, 50),)


def test_a_flat_table_of_units_without_levels_gets_depths_from_the_parents() -> None:
    sheets: dict[str, list[list[object]]] = {
        **GOOD,
        "units": [["code", "name", "parent"], ["v", "一村", "town"], ["town", "一镇", None]],
    }
    sheets["members"] = [["name", "unit", "role"], ["张三", "v", "cadre"]]
    sheets["quotas"] = [["assignee", "visit"], ["town", 30]]
    sheets["rules"] = [["level", "task", "count", "by"], [2, "visit", 2, 50]]
    plan = load_plan(workbook(sheets), "plan.xlsx")
    assert {u.code: u.level for u in plan.units} == {"town": "1", "v": "2"}
    assert plan.campaign.rules[0].level == "2"


@pytest.mark.parametrize("level", ["4", "village2"])
def test_a_rule_naming_a_level_no_unit_has_is_a_problem_listing_the_levels(level: str) -> None:
    plan, problems = check_plan(LEVELLESS.replace("level: 3,", f"level: {level},").encode(), "plan.yaml")
    assert plan is None
    [problem] = problems
    assert (problem.key, problem.location) == ("plan.unknown_level", "rules[0].min_each.level")
    assert_readable(problem)
    assert "1、2、3、village" in problem.render("zh")
    assert "1, 2, 3, village" in problem.render("en")


def test_a_rule_naming_an_unknown_level_in_a_workbook_points_at_its_cell() -> None:
    sheets: dict[str, list[list[object]]] = {
        **GOOD,
        "rules": [["level", "task", "count", "by"], ["村", "visit", 2, 50]],
    }
    plan, problems = check_plan(workbook(sheets), "plan.xlsx")
    assert plan is None
    assert [(p.key, p.location) for p in problems] == [("plan.unknown_level", "rules!A2")]
    assert "town、village" in problems[0].render("zh")


@pytest.mark.parametrize("percent", ["50%", "50 %", "50％", 50, "50", 50.0])
def test_a_yaml_milestone_percent_may_carry_a_percent_sign(percent: object) -> None:
    text = LEVELLESS.replace('percent: "50%"', f"percent: {percent!r}" if isinstance(percent, str) else
                             f"percent: {percent}")  # fmt: skip
    assert [m.percent for m in load_plan(text.encode(), "plan.yaml").campaign.milestones] == [50, 100]


@pytest.mark.parametrize("percent", ["50.5%", "0.5", "%", "fifty%", "150%"])
def test_a_percent_that_is_not_a_whole_milestone_is_refused_readably(percent: str) -> None:
    text = LEVELLESS.replace('percent: "50%"', f"percent: {percent!r}").replace(', by: "50%"', "")
    plan, problems = check_plan(text.encode(), "plan.yaml")
    assert plan is None
    assert [p.location for p in problems] == ["milestones[0].percent"]
    assert_readable(problems[0])


def percent_workbook(*cells: tuple[object, str]) -> bytes:
    """GOOD with one milestone row per (value, number format) and a rule by the first milestone."""
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(workbook({k: v for k, v in GOOD.items() if k != "rules"})))
    ws = wb["milestones"]
    ws.delete_rows(2)
    for row, (value, number_format) in enumerate(cells, start=2):
        ws.cell(row, 1, value).number_format = number_format
        ws.cell(row, 2, datetime(2027, 3, 5 * row, 18, 0))
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_workbook_percentages_are_read_as_the_cell_shows_them() -> None:
    data = percent_workbook(("30%", "General"), (0.6, "0%"), (0.75, "0.0%"), (90, "General"))
    plan = load_plan(data, "plan.xlsx")
    assert [m.percent for m in plan.campaign.milestones] == [30, 60, 75, 90, 100]


def test_a_rule_by_a_percentage_cell_names_its_milestone() -> None:
    data = workbook({**GOOD, "milestones": [["percent", "due"], ["50%", "2027-04-01T18:00"]],
                     "rules": [["level", "task", "count", "by"], ["village", "visit", 2, "50%"]]})  # fmt: skip
    assert load_plan(data, "plan.xlsx").campaign.rules[0].by_percent == 50


def test_a_fractional_percentage_cell_is_refused_at_its_cell() -> None:
    plan, problems = check_plan(percent_workbook((0.555, "0.0%")), "plan.xlsx")
    assert plan is None
    assert [(p.key, p.location) for p in problems] == [("plan.not_integer", "milestones!A2")]
    assert "55.5%" in problems[0].render("zh")
    assert_readable(problems[0])


def test_a_level_written_on_an_invalid_unit_is_not_reported_unknown_a_second_time() -> None:
    text = LEVELLESS.replace("{code: v2, name: 二村, level: village}", "{code: 'v 2', name: 二村, level: village}")
    text = text.replace("level: 3,", "level: village,")
    plan, problems = check_plan(text.encode(), "plan.yaml")
    assert plan is None
    assert [(p.key, p.location) for p in problems] == [("plan.bad_key", "units[0].children[0].children[1].code")]
