"""Graduated warnings are a plan setting (issue 11 §5): `warnings: {yellow_after: 1, red_after: 2,
public_after: 3}` in YAML, three rows of the campaign sheet in Excel (黄牌节点数 / 红牌节点数 /
公开点名节点数); off unless given — three empty rows, or `off` in any of them, turn them off."""

from __future__ import annotations

from bot.domain.model import WarningLadder
from bot.plans import check_plan, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.plan_workbook import plan_to_xlsx
from tests.unit.plan_books import GOOD, workbook
from tests.unit.plan_problems import assert_readable

LADDER = EXAMPLE_PLAN_YAML.replace(
    "  reminders: {", "  warnings: {yellow_after: 1, red_after: 3, public_after: 4}\n  reminders: {"
)


def test_warnings_survive_the_workbook_round_trip() -> None:
    assert LADDER != EXAMPLE_PLAN_YAML
    again = load_plan(plan_to_xlsx(load_plan(LADDER.encode(), "plan.yaml")), "plan.xlsx")
    assert again.campaign.warnings == WarningLadder(yellow_after=1, red_after=3, public_after=4)


def test_a_plan_without_warnings_gives_a_workbook_without_them() -> None:
    plain = load_plan(
        EXAMPLE_PLAN_YAML.replace("  warnings: {yellow_after: 1, red_after: 2, public_after: 3}\n", "").encode(),
        "plan.yaml",
    )
    assert plain.campaign.warnings is None
    assert load_plan(plan_to_xlsx(plain), "plan.xlsx").campaign.warnings is None


def test_the_chinese_rows_set_the_ladder_and_a_row_left_out_keeps_its_default() -> None:
    sheets = {**GOOD, "campaign": [*GOOD["campaign"], ["黄牌节点数", 2], ["公开点名节点数", 4]]}
    plan = load_plan(workbook(sheets), "plan.xlsx")
    assert plan.campaign.warnings == WarningLadder(yellow_after=2, red_after=2, public_after=4)


def test_empty_rows_or_off_turn_warnings_off() -> None:
    rows: list[list[object]] = [["黄牌节点数", None], ["红牌节点数", None], ["公开点名节点数", None]]
    empty = {**GOOD, "campaign": [*GOOD["campaign"], *rows]}
    assert load_plan(workbook(empty), "plan.xlsx").campaign.warnings is None
    rows = [["黄牌节点数", "off"], ["红牌节点数", 2]]
    off = {**GOOD, "campaign": [*GOOD["campaign"], *rows]}
    assert load_plan(workbook(off), "plan.xlsx").campaign.warnings is None


def ladder(yellow: int, red: int, public: int) -> str:
    given = f"yellow_after: {yellow}, red_after: {red}, public_after: {public}"
    return LADDER.replace("yellow_after: 1, red_after: 3, public_after: 4", given)


def test_a_ladder_out_of_order_is_a_problem_naming_the_three_steps() -> None:
    # Red before yellow, public naming before either: no step could ever come in its place.
    plan, problems = check_plan(ladder(3, 2, 1).encode(), "plan.yaml")
    assert plan is None
    assert [p.key for p in problems] == ["plan.warnings_out_of_order"]
    assert problems[0].location == "campaign.warnings"
    assert_readable(problems[0])
    assert "(3), red (2) and public naming (1)" in problems[0].render("en")


def test_steps_may_coincide_but_not_go_backwards() -> None:
    assert load_plan(ladder(2, 2, 2).encode(), "plan.yaml").campaign.warnings == WarningLadder(2, 2, 2)
    assert [p.key for p in check_plan(ladder(1, 3, 2).encode(), "plan.yaml")[1]] == ["plan.warnings_out_of_order"]


def test_a_step_of_thousands_of_digits_is_not_a_whole_number_in_words() -> None:
    # Python refuses int() of more than 4,300 digits; the plan says what is wrong, in the reader's words.
    plan, problems = check_plan(LADDER.replace("red_after: 3", f'red_after: "{"9" * 5000}"').encode(), "plan.yaml")
    assert plan is None
    assert [(p.location, p.key) for p in problems] == [("campaign.warnings.red_after", "plan.not_integer")]
    assert_readable(problems[0])


def test_a_ladder_out_of_order_is_reported_with_the_campaigns_other_problems() -> None:
    keyless = ladder(3, 2, 1).replace("  key: winter-service-2026\n", "")
    problems = check_plan(keyless.encode(), "plan.yaml")[1]
    assert [(p.location, p.key) for p in problems] == [
        ("campaign.key", "plan.missing"),
        ("campaign.warnings", "plan.warnings_out_of_order"),
    ]
