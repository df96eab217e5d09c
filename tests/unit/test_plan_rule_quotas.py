"""SPEC §4: `plan check` and import refuse a `min_each` rule the quotas cannot satisfy — a unit of
the rule's level given a quota for the task below the rule's count — with its path (YAML) or cell
(workbook), in zh and en. A unit with no quota for the task at all is not a contradiction."""

from __future__ import annotations

from bot.domain.model import Assignee, MinEachRule, Unit
from bot.domain.rules import shortfalls
from bot.domain.tree import OrgTree
from bot.plans import check_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.unit.plan_books import GOOD, workbook
from tests.unit.plan_problems import assert_readable

RULE = "  - {min_each: {level: village, task: checkup, count: 1, by: 60}}"


def test_the_example_plans_rule_is_satisfiable() -> None:
    plan, problems = check_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml")
    assert problems == []
    assert plan is not None


def test_a_rule_asking_a_village_for_more_than_its_quota_is_refused_with_its_path() -> None:
    assert RULE in EXAMPLE_PLAN_YAML
    text = EXAMPLE_PLAN_YAML.replace(RULE, RULE.replace("count: 1", "count: 31"))  # 七岭村's checkup quota is 30
    plan, problems = check_plan(text.encode(), "plan.yaml")
    assert plan is None
    [problem] = problems
    assert (problem.key, problem.location) == ("plan.rule_exceeds_quota", "rules[0].min_each.count")
    assert dict(problem.params) == {
        "level": "village",
        "task": "checkup",
        "count": 31,
        "units": ("七岭村 30",),
    }
    assert_readable(problem)
    assert "七岭村" in problem.render("zh")
    assert "30" in problem.render("zh")
    assert problem.render("en").startswith(
        "rules[0].min_each.count: every village must reach 31 checkup under this rule"
    )


def test_in_a_workbook_the_problem_points_at_the_rules_row() -> None:
    sheets = dict(GOOD)
    sheets["rules"] = [["level", "task", "count", "by"], ["village", "visit", 25, 50]]  # 一村's quota is 20
    plan, problems = check_plan(workbook(sheets), "plan.xlsx")
    assert plan is None
    [problem] = problems
    assert problem.key == "plan.rule_exceeds_quota"
    assert problem.location.startswith("rules!")
    assert problem.location.endswith("2")
    assert problem.params["units"] == ("一村 20",)
    assert_readable(problem)


TREE = OrgTree.build(
    [
        Unit("t", "镇", "town"),
        Unit("a", "甲村", "village", "t"),
        Unit("b", "乙村", "village", "t"),
        Unit("c", "丙村", "village", "t"),
    ],
    [],
)


def test_shortfalls_are_the_units_of_the_level_whose_quota_is_below_the_count() -> None:
    rule = MinEachRule("village", "visit", 5, 60)
    quotas = {(Assignee.unit("a"), "visit"): 3, (Assignee.unit("b"), "visit"): 5, (Assignee.unit("t"), "visit"): 20}
    # 甲村 3 < 5; 乙村 exactly 5 is enough; 丙村 has no quota for visits: nothing to contradict
    assert shortfalls(TREE, quotas, rule) == [("a", 3)]
    assert shortfalls(TREE, quotas, MinEachRule("town", "visit", 21, 60)) == [("t", 20)]
    assert shortfalls(TREE, quotas, MinEachRule("village", "checkup", 1, 60)) == []
