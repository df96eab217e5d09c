"""核查 (issue 11 §4): a file's rows resolved against the campaign, and the comparison with what was
reported — hand-computed tables, no storage."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from bot.domain.model import Assignee, Campaign, Member, Role, TaskType, Unit
from bot.domain.policy import ActorFacts
from bot.domain.reconcile import (
    CheckedRow,
    Days,
    Issue,
    Line,
    SourceRow,
    beyond_tolerance,
    check_rows,
    compare,
    discrepancies,
)
from bot.domain.tree import OrgTree
from tests.unit.worlds import SH

CAMPAIGN = Campaign(
    "w",
    "冬季",
    datetime(2026, 11, 12, 8, tzinfo=SH),
    datetime(2027, 1, 5, 18, tzinfo=SH),
    tasks=(TaskType("visit", "入户走访", "户", ("走访",)), TaskType("checkup", "健康体检", "人", ("体检",))),
)
TREE = OrgTree.build(
    [
        Unit("county", "县卫健局", "county"),
        Unit("bydz", "白洋渡镇", "town", "county"),
        Unit("ql", "七岭村", "village", "bydz"),
        Unit("sq", "双泉村", "village", "bydz"),
        Unit("ymz", "元木镇", "town", "county"),
        Unit("dc", "东村", "village", "bydz"),
        Unit("dc2", "东村", "village", "ymz"),
    ],
    [
        Member("郭镇长", "郭镇长", "bydz", Role.LEADER),
        Member("张三", "张三", "ql", Role.CADRE),
        Member("李四", "李四", "ql", Role.CADRE),
        Member("王五", "王五", "sq", Role.CADRE),
        Member("=SUM(A1)", "=SUM(A1)", "sq", Role.CADRE),
    ],
)
DAYS = Days(first=date(2026, 11, 12), last=date(2027, 1, 5), today=date(2026, 12, 2))
ADMIN = ActorFacts(is_admin=True)
TOWN = ActorFacts(leads=frozenset({"bydz"}), member_key="郭镇长")
AS_OF = date(2026, 12, 1)


def row(
    n: int, who: str, task: str = "走访", checked: int = 10, source: str = "县卫健局抽查", as_of: date = AS_OF
) -> SourceRow:
    return SourceRow(n, f"row {n}", who, task, checked, source, as_of)


def keys(problems: list[Issue]) -> list[tuple[str, str]]:
    return [(p.location, p.key) for p in problems]


def test_names_codes_and_aliases_resolve_to_assignees_and_task_keys() -> None:
    rows = [row(2, "七岭村"), row(3, "张三", "体检", 4), row(4, "sq", "checkup", 0), row(5, "=SUM(A1)")]
    checked, problems = check_rows(rows, CAMPAIGN, TREE, ADMIN, DAYS)
    assert problems == []
    assert checked is not None
    assert (checked.source, checked.as_of) == ("县卫健局抽查", AS_OF)
    assert checked.rows == (
        CheckedRow(Assignee.unit("ql"), "visit", 10),
        CheckedRow(Assignee.member("张三"), "checkup", 4),
        CheckedRow(Assignee.unit("sq"), "checkup", 0),
        CheckedRow(Assignee.member("=SUM(A1)"), "visit", 10),  # a name is data, never a formula
    )


def test_every_problem_is_listed_at_once_with_its_row() -> None:
    rows = [
        row(2, "七星村"),  # unknown
        row(3, "东村"),  # two units of that name
        row(4, "张三", "扫地"),  # unknown task
        row(5, "张三", as_of=date(2026, 11, 1)),  # before the campaign
        row(6, "张三", "体检", as_of=date(2026, 12, 3)),  # after today
        row(7, "七岭村"),
        row(8, "ql"),  # the same unit and task again
    ]
    checked, problems = check_rows(rows, CAMPAIGN, TREE, ADMIN, DAYS)
    assert checked is None
    assert keys(problems) == [
        ("row 2", "reconcile.unknown_assignee"),
        ("row 3", "reconcile.ambiguous"),
        ("row 4", "reconcile.unknown_task"),
        ("row 5", "reconcile.date_outside"),
        ("row 6", "reconcile.date_future"),
        ("row 8", "reconcile.duplicate_row"),
    ]
    assert problems[-1].params["first"] == "row 7"


def test_a_leader_reconciles_only_inside_their_scope_and_a_name_in_scope_is_no_ambiguity() -> None:
    rows = [row(2, "元木镇"), row(3, "东村"), row(4, "王五")]
    checked, problems = check_rows(rows, CAMPAIGN, TREE, TOWN, DAYS)
    assert keys(problems) == [("row 2", "reconcile.unknown_assignee")]  # outside reads as unknown
    assert checked is None
    checked, problems = check_rows(rows[1:], CAMPAIGN, TREE, TOWN, DAYS)
    assert problems == []
    assert checked is not None
    assert checked.rows[0].assignee == Assignee.unit("dc")  # the 东村 of his town


def test_one_file_is_one_source_at_one_date() -> None:
    rows = [row(2, "张三"), row(3, "李四", source="公卫系统"), row(4, "王五", as_of=date(2026, 11, 30))]
    _, problems = check_rows(rows, CAMPAIGN, TREE, ADMIN, DAYS)
    assert keys(problems) == [("row 3", "reconcile.mixed_source"), ("row 4", "reconcile.mixed_date")]


def test_an_empty_file_is_a_problem() -> None:
    checked, problems = check_rows([], CAMPAIGN, TREE, ADMIN, DAYS)
    assert checked is None
    assert keys(problems) == [("", "reconcile.empty_file")]


# Reported (not rejected) and verified, up to the as-of date, per member and task:
#   张三 visit 12 (verified 8), 李四 visit 7 (verified 7), 王五 visit 5 (verified 0)
# A unit is its subtree: 七岭村 visit = 12 + 7 = 19 (verified 15); 白洋渡镇 = 19 + 5 = 24 (verified 15).
REPORTED = {("张三", "visit"): 12, ("李四", "visit"): 7, ("王五", "visit"): 5}
VERIFIED = {("张三", "visit"): 8, ("李四", "visit"): 7}
HOMES = {m.key: m.unit_code for m in TREE.members()}


def test_a_unit_is_compared_with_its_whole_subtree_and_a_member_with_their_own_reports() -> None:
    rows = (
        CheckedRow(Assignee.unit("ql"), "visit", 17),
        CheckedRow(Assignee.unit("bydz"), "visit", 30),
        CheckedRow(Assignee.member("王五"), "visit", 5),
        CheckedRow(Assignee.member("张三"), "checkup", 2),
    )
    lines = compare(rows, TREE, HOMES, REPORTED, VERIFIED)
    assert [(ln.reported, ln.verified, ln.checked, ln.difference) for ln in lines] == [
        (19, 15, 17, 2),
        (24, 15, 30, -6),
        (5, 0, 5, 0),
        (0, 0, 2, -2),
    ]


@pytest.mark.parametrize(
    ("tolerance", "percent", "reported", "checked", "beyond"),
    [
        (0, 5.0, 21, 20, False),  # |1| ≤ max(0, 20 × 5 % = 1)
        (0, 5.0, 22, 20, True),  # |2| > 1
        (0, 5.0, 18, 20, True),  # checked above reported counts just the same
        (3, 5.0, 23, 20, False),  # |3| ≤ max(3, 1)
        (3, 5.0, 24, 20, True),
        (0, 10.0, 105, 100, False),  # |5| ≤ 10
        (0, 10.0, 111, 100, True),  # |11| > 10
        (0, 0.0, 1, 0, True),  # nothing checked, one reported: beyond a zero tolerance
        (0, 5.0, 0, 0, False),
    ],
)
def test_tolerance_is_the_larger_of_the_count_and_the_percent_of_checked(
    tolerance: int, percent: float, reported: int, checked: int, beyond: bool
) -> None:
    campaign = replace(CAMPAIGN, reconcile_tolerance=tolerance, reconcile_tolerance_percent=percent)
    line = Line(Assignee.unit("ql"), "visit", checked, reported, 0)
    assert beyond_tolerance(line, campaign) is beyond


def test_discrepancies_are_those_beyond_tolerance_worst_first() -> None:
    lines = [
        Line(Assignee.unit("ql"), "visit", 20, 21, 0),  # 1: within 5 %
        Line(Assignee.unit("sq"), "visit", 20, 30, 0),  # +10
        Line(Assignee.member("张三"), "visit", 20, 5, 0),  # −15
        Line(Assignee.member("李四"), "visit", 20, 24, 0),  # +4
    ]
    worst = discrepancies(lines, CAMPAIGN)
    assert [ln.difference for ln in worst] == [-15, 10, 4]


def test_a_date_without_a_year_takes_the_year_that_puts_it_in_the_campaign_as_leave_does() -> None:
    rows = [replace(row(2, "七岭村"), as_of="12月1日"), replace(row(3, "张三"), as_of="12-1")]
    checked, problems = check_rows(rows, CAMPAIGN, TREE, ADMIN, DAYS)
    assert problems == []
    assert checked is not None
    assert checked.as_of == date(2026, 12, 1)
    late = replace(row(2, "七岭村"), as_of="1月3日")  # the campaign's second year: after today
    assert keys(check_rows([late], CAMPAIGN, TREE, ADMIN, DAYS)[1]) == [("row 2", "reconcile.date_future")]


def test_a_date_without_a_year_that_is_no_day_is_a_bad_date_in_its_own_cell() -> None:
    bad = replace(row(2, "七岭村"), as_of="2月30日", as_of_at="E2")
    checked, problems = check_rows([bad], CAMPAIGN, TREE, ADMIN, DAYS)
    assert checked is None
    assert [(p.location, p.key, dict(p.params)) for p in problems] == [
        ("E2", "reconcile.bad_date", {"value": "2月30日"})
    ]
