"""SPEC §4/§9 "files are bounded": every hostile plan file is refused with a problem that names the
limit, before the parser or openpyxl builds anything big; the largest accepted plan still passes."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from bench.hostile_plans import (
    billion_laughs_yaml,
    deep_yaml,
    far_cell_xlsx,
    largest_plan_yaml,
    long_name_yaml,
    many_members_zip,
    zip_bomb_xlsx,
)
from bot.plans import check_plan
from bot.plans.isolated import check_plan_isolated
from bot.plans.limits import MAX_CODE, MAX_MEMBERS, MAX_NAME, MAX_UNITS, MAX_YAML_DEPTH
from bot.plans.types import Problem
from bot.render.plan_workbook import write_template
from tests.unit.plan_problems import assert_readable


def keys(problems: list[Problem]) -> set[str]:
    for problem in problems:
        assert_readable(problem)
    return {p.key for p in problems}


def refused(data: bytes, name: str) -> set[str]:
    plan, problems = check_plan(data, name)
    assert plan is None
    return keys(problems)


def test_an_alias_is_refused_with_its_line_before_anything_is_expanded() -> None:
    plan, problems = check_plan(billion_laughs_yaml(), "plan.yaml")
    assert plan is None
    assert [(p.key, p.location) for p in problems] == [("plan.yaml_alias", "plan.yaml:2")]


def test_a_small_alias_in_an_otherwise_valid_plan_is_refused_too() -> None:
    text = largest_plan_yaml(units=2, members=1).decode().replace("unit: 户}", "unit: &u 户, aliases: [*u]}")
    assert refused(text.encode(), "plan.yaml") == {"plan.yaml_alias"}


def test_nesting_beyond_the_limit_is_refused_before_the_parser_recurses() -> None:
    assert refused(deep_yaml(100), "plan.yaml") == {"plan.too_deep"}
    assert refused(deep_yaml(30_000), "plan.yaml") == {"plan.too_deep"}  # crashed the process before
    assert refused(b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 200)), "plan.yaml") == {"plan.too_deep"}


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused() -> None:
    def nested(lists: int) -> bytes:  # `campaign:` is a level, so is the value inside the lists
        return ("campaign: " + "[" * lists + "1" + "]" * lists + "\n").encode()

    assert "plan.too_deep" not in refused(nested(MAX_YAML_DEPTH - 2), "plan.yaml")
    assert refused(nested(MAX_YAML_DEPTH - 1), "plan.yaml") == {"plan.too_deep"}


def test_a_second_document_is_a_syntax_error_whatever_it_holds() -> None:
    assert refused(b"campaign: &c {}\n---\n- *c\n", "plan.yaml") == {"plan.yaml_syntax"}


def test_a_number_too_long_for_python_is_a_problem_not_a_crash() -> None:
    text = largest_plan_yaml(units=2, members=1).decode().replace("visit: 1}", "visit: " + "9" * 5000 + "}")
    assert refused(text.encode(), "plan.yaml") == {"plan.yaml_syntax"}


def test_a_zip_bomb_is_refused_from_the_zip_directory() -> None:
    assert refused(zip_bomb_xlsx(80 * 1024 * 1024), "plan.xlsx") == {"plan.xlsx_too_big"}


def test_a_zip_of_thousands_of_members_is_refused() -> None:
    assert refused(many_members_zip(), "plan.xlsx") == {"plan.xlsx_too_many_parts"}


def test_one_cell_at_the_last_column_and_row_is_refused_before_openpyxl_reads_the_sheet() -> None:
    plan, problems = check_plan(far_cell_xlsx(), "plan.xlsx")
    assert plan is None
    assert keys(problems) == {"plan.sheet_too_big"}
    assert problems[0].params["sheet"] == "units"


def test_a_sheet_whose_declared_dimension_lies_is_judged_by_its_cells() -> None:
    data = far_cell_xlsx()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if b"XFD1048576" in part:
                part = part.replace(b'<dimension ref="A1:XFD1048576"/>', b'<dimension ref="A1:E4"/>')
            target.writestr(info.filename, part)
    assert refused(out.getvalue(), "plan.xlsx") == {"plan.sheet_too_big"}


def test_a_name_longer_than_the_limit_is_refused_with_the_limit() -> None:
    plan, problems = check_plan(long_name_yaml(MAX_NAME + 1), "plan.yaml")
    assert plan is None
    assert [(p.key, p.location, p.params["limit"]) for p in problems] == [("plan.too_long", "units[0].name", MAX_NAME)]
    assert check_plan(long_name_yaml(MAX_NAME), "plan.yaml")[1] == []


def test_a_member_code_longer_than_the_limit_is_refused() -> None:
    text = largest_plan_yaml(units=2, members=1).decode()
    text = text.replace("{name: 干部0,", "{name: 干部0, code: " + "x" * (MAX_CODE + 1) + ",")
    text = text.replace("assignee: 干部0,", "assignee: " + "x" * (MAX_CODE + 1) + ",")
    assert refused(text.encode(), "plan.yaml") == {"plan.too_long"}


def test_more_units_or_members_than_the_limits_are_refused() -> None:
    assert "plan.too_many" in refused(largest_plan_yaml(units=MAX_UNITS + 1, members=1), "plan.yaml")
    assert "plan.too_many" in refused(largest_plan_yaml(units=2, members=MAX_MEMBERS + 1), "plan.yaml")


def test_the_largest_plan_the_limits_allow_is_accepted() -> None:
    plan, problems = check_plan(largest_plan_yaml(), "plan.yaml")
    assert problems == []
    assert plan is not None
    assert (len(plan.units), len(plan.members)) == (MAX_UNITS, MAX_MEMBERS)


def test_the_template_still_passes_the_workbook_checks() -> None:
    assert check_plan(write_template(), "plan.xlsx")[1] == []
    assert load_workbook(io.BytesIO(write_template())).sheetnames[4] == "units"


async def test_a_chain_of_as_many_units_as_allowed_is_judged_within_the_check_limit() -> None:
    # Each unit the parent of the next: every walk up the tree is as long as the file allows.
    lines = [
        "campaign: {key: k, name: 活动, start: 2027-03-01T08:00, end: 2027-04-30T18:00}",
        "tasks: [{key: visit, name: 走访, unit: 户}]",
        "units:",
        "  - {code: u0, name: 单位0}",
        *(f"  - {{code: u{i}, name: 单位{i}, parent: u{i - 1}}}" for i in range(1, MAX_UNITS)),
        "members: [{name: 张三, unit: u0, role: leader}]",
    ]
    plan, problems = await check_plan_isolated("\n".join(lines).encode("utf-8"), "chain.yaml")
    assert problems == []
    assert plan is not None
    assert plan.units[-1].level == str(MAX_UNITS)  # a unit without a level is at its depth


def test_a_value_nested_within_the_depth_limit_is_carried_short_in_its_problem() -> None:
    # A problem carries the value it is about, shown short; a list was shown by spelling each inner list
    # out with its quotes escaped, so every level doubled the text and 38 levels (within the nesting
    # limit) asked for 2^38 characters of memory. 16 levels here: 64 KB before.
    nested = "[" * 16 + "x" + "]" * 16
    text = f"campaign: {{key: k, name: {nested}, start: 2026-11-12T08:00, end: 2027-01-05T18:00}}\n"
    plan, problems = check_plan(text.encode(), "plan.yaml")
    assert plan is None
    assert ("plan.not_text", "campaign.name") in {(p.key, p.location) for p in problems}
    assert max(len(str(value)) for p in problems for value in p.params.values()) < 500
