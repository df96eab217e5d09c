"""SPEC §4: the validator reports every problem at once, each with its YAML path, in zh and en."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.plans import Problem, check_plan
from tests.unit.plan_problems import assert_readable

BROKEN_YAML = Path(__file__).parents[1] / "fixtures" / "plans" / "broken.yaml"

EXPECTED = {
    ("plan.bad_key", "campaign.key"),
    ("plan.bad_choice", "campaign.verification"),
    ("plan.bad_time", "campaign.bulletin.daily_at"),
    ("plan.negative", "campaign.public_warning_gap"),
    ("plan.unknown_field", "campaign.remindrs"),
    ("plan.alias_conflict", "tasks[1].aliases"),
    ("plan.max_per_report_too_small", "tasks[1].max_per_report"),
    ("plan.duplicate_task", "tasks[2].key"),
    ("plan.bad_key", "tasks[3].key"),
    ("plan.missing", "tasks[3].unit"),
    ("plan.milestone_order", "milestones[1]"),
    ("plan.percent_out_of_range", "milestones[2].percent"),
    ("plan.milestone_outside", "milestones[3].due"),
    ("plan.bad_date", "milestones[4].due"),
    ("plan.duplicate_unit", "units[0].children[1].code"),
    ("plan.unknown_parent", "units[1].parent"),
    ("plan.unit_cycle", "units[2].parent"),
    ("plan.bad_key", "units[4].code"),
    ("plan.duplicate_member", "members[1].name"),
    ("plan.unknown_unit", "members[2].unit"),
    ("plan.bad_role", "members[3].role"),
    ("plan.over_allocation", "quotas[0].visit"),
    ("plan.bad_quota", "quotas[1].checkup"),
    ("plan.unknown_assignee", "quotas[2].assignee"),
    ("plan.unknown_task", "quotas[3].hike"),
    ("plan.bad_quota", "quotas[4].visit"),
    ("plan.unknown_level", "rules[0].min_each.level"),
    ("plan.unknown_task", "rules[1].min_each.task"),
    ("plan.rule_by_not_milestone", "rules[1].min_each.by"),
}


@pytest.fixture(scope="module")
def broken_problems() -> list[Problem]:
    plan, problems = check_plan(BROKEN_YAML.read_bytes(), BROKEN_YAML.name)
    assert plan is None
    return problems


def test_broken_yaml_reports_every_problem_with_its_path(broken_problems: list[Problem]) -> None:
    assert {(p.key, p.location) for p in broken_problems} == EXPECTED
    assert len(broken_problems) == len(EXPECTED)  # each mistake once, not once per consequence


def test_broken_yaml_problems_read_well_in_both_languages(broken_problems: list[Problem]) -> None:
    assert len({p.key for p in broken_problems}) >= 8
    for problem in broken_problems:
        assert_readable(problem)


def test_over_allocation_message_carries_the_numbers(broken_problems: list[Problem]) -> None:
    over = next(p for p in broken_problems if p.key == "plan.over_allocation")
    assert dict(over.params) == {
        "unit": "county",
        "task": "visit",
        "quota": 10,
        "children_sum": 12,
        "excess": 2,
    }
    assert "10" in over.render("zh")
    assert "12" in over.render("zh")
    assert over.render("en").endswith('"county" has a "visit" quota of 10, but its children are given 12 in '
                                      "total, 2 too many.")  # fmt: skip


def test_alias_conflict_names_both_tasks(broken_problems: list[Problem]) -> None:
    conflict = next(p for p in broken_problems if p.key == "plan.alias_conflict")
    assert dict(conflict.params) == {"alias": "体检", "first": "visit", "second": "checkup"}


def test_cycle_is_spelled_out(broken_problems: list[Problem]) -> None:
    cycle = next(p for p in broken_problems if p.key == "plan.unit_cycle")
    assert cycle.params["codes"] == "a → b → a"


def test_a_wrongly_typed_value_is_described_not_dumped() -> None:
    text = BROKEN_YAML.read_text(encoding="utf-8").replace("name: 冬季健康服务", "name: {zh: 冬季}")
    _, problems = check_plan(text.encode("utf-8"), "plan.yaml")
    wrong = next(p for p in problems if p.location == "campaign.name")
    assert wrong.key == "plan.not_text"
    assert_readable(wrong)


def test_each_cycle_is_reported_once_at_its_first_unit_in_the_file() -> None:
    # `x` hangs below the second cycle and comes first: it is on no cycle, so it names none.
    units = [("x", "b1"), ("a1", "a2"), ("a2", "a1"), ("b1", "b2"), ("b2", "b3"), ("b3", "b1"), ("r", None)]
    lines = [
        "campaign: {key: k, name: 活动, start: 2027-03-01T08:00, end: 2027-04-30T18:00}",
        "tasks: [{key: visit, name: 走访, unit: 户}]",
        "units:",
        *(f"  - {{code: {code}, name: 单位{code}, parent: {parent}}}" for code, parent in units if parent),
        "  - {code: r, name: 根}",
        "members: [{name: 张三, unit: r, role: leader}]",
    ]
    _, problems = check_plan("\n".join(lines).encode("utf-8"), "plan.yaml")
    assert [(p.key, p.location, p.params["codes"]) for p in problems] == [
        ("plan.unit_cycle", "units[1].parent", "a1 → a2 → a1"),
        ("plan.unit_cycle", "units[3].parent", "b1 → b2 → b3 → b1"),
    ]


def _ring(size: int) -> list[Problem]:
    """A plan whose units u0 … u(size-1) each name the next as parent, the last naming u0."""
    lines = [
        "campaign: {key: k, name: 活动, start: 2027-03-01T08:00, end: 2027-04-30T18:00}",
        "tasks: [{key: visit, name: 走访, unit: 户}]",
        "units:",
        "  - {code: r, name: 根}",
        *(f"  - {{code: u{i}, name: 单位{i}, parent: u{(i + 1) % size}}}" for i in range(size)),
        "members: [{name: 张三, unit: r, role: leader}]",
    ]
    _, problems = check_plan("\n".join(lines).encode("utf-8"), "plan.yaml")
    return [p for p in problems if p.key.startswith("plan.unit_cycle")]


def test_a_ring_of_ten_units_is_spelled_whole() -> None:
    [cycle] = _ring(10)
    assert cycle.key == "plan.unit_cycle"
    assert cycle.params["codes"] == " → ".join(f"u{i}" for i in [*range(10), 0])


def test_a_ring_of_thousands_of_units_names_its_first_ten_and_counts_the_rest() -> None:
    [cycle] = _ring(3000)
    assert cycle.location == "units[1].parent"
    first_ten = " → ".join(f"u{i}" for i in range(10))
    assert cycle.render("zh") == f"units[1].parent: 单位的上下级关系形成了循环：{first_ten} → … 共 3000 个单位。"
    assert cycle.render("en") == f"units[1].parent: The units' parents form a cycle: {first_ten} → … 3000 units in all."
    assert_readable(cycle)
