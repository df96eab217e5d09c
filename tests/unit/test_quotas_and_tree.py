"""The organisation tree, quotas and the split invariant (SPEC §2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.errors import InvalidInput, OverAllocation
from bot.domain.model import Assignee, Member, Role, Unit
from bot.domain.quotas import check_assign, effective_quota, over_allocations, unassigned
from bot.domain.tree import OrgTree
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML

PLAN = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml")
TREE = OrgTree.build(PLAN.units, PLAN.members)
U, M = Assignee.unit, Assignee.member


def test_tree_structure_of_the_example_plan() -> None:
    assert [u.code for u in TREE.roots()] == ["county"]
    assert TREE.subtree_unit_codes("bydz") == ["bydz", "ql", "sq", "qlj"]
    assert TREE.ancestors("ql") == ["bydz", "county"]
    assert set(TREE.subtree_member_keys("ql")) == {"李书记", "张三", "李四"}
    assert TREE.children("bydz") == [U("ql"), U("sq"), U("qlj"), M("郭镇长")]


def test_a_leader_reaches_exactly_their_subtree() -> None:
    assert TREE.in_scope("bydz", U("ql"))
    assert TREE.in_scope("bydz", M("张三"))
    assert not TREE.in_scope("bydz", U("ym"))
    assert not TREE.in_scope("ql", U("bydz"))
    assert not TREE.in_scope("ql", M("王五"))


@pytest.mark.parametrize(
    ("units", "members", "key"),
    [
        ([Unit("a", "A", "x"), Unit("a", "A2", "x")], [], "error.duplicate_unit"),
        ([Unit("a", "A", "x", "zz")], [], "error.unknown_parent"),
        ([Unit("a", "A", "x", "b"), Unit("b", "B", "x", "a")], [], "error.tree_cycle"),
        ([Unit("a", "A", "x")], [Member("m", "M", "nowhere", Role.CADRE)], "error.unknown_unit"),
    ],
)
def test_bad_trees_are_refused(units: list[Unit], members: list[Member], key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        OrgTree.build(units, members)
    assert refused.value.key == key


def test_effective_quota_is_explicit_or_the_sum_of_the_children() -> None:
    assert effective_quota(TREE, PLAN.quotas, U("county"), "visit") == 164
    assert effective_quota(TREE, PLAN.quotas, U("ql"), "visit") == 40
    assert effective_quota(TREE, PLAN.quotas, U("sq"), "visit") == 0
    assert effective_quota(TREE, PLAN.quotas, M("李四"), "visit") == 0


def test_unassigned_remainder_is_what_the_leader_has_not_handed_down() -> None:
    assert unassigned(TREE, PLAN.quotas, "bydz", "visit") == 60  # 100 − ql 40
    assert unassigned(TREE, PLAN.quotas, "county", "visit") == 0  # 164 = 100 + 64
    assert unassigned(TREE, PLAN.quotas, "ql", "checkup") == 15  # 30 − 张三 15


def test_over_allocation_is_found_only_against_an_explicit_parent_quota() -> None:
    quotas = {**PLAN.quotas, (U("sq"), "visit"): 70}
    [issue] = over_allocations(TREE, quotas)
    assert (issue.unit, issue.task, issue.quota, issue.children_sum) == ("bydz", "visit", 100, 110)
    assert over_allocations(TREE, PLAN.quotas) == []


def test_assigning_beyond_the_parent_is_refused_with_the_numbers() -> None:
    with pytest.raises(OverAllocation) as refused:
        check_assign(TREE, PLAN.quotas, U("sq"), "visit", 61)
    assert refused.value.params == {
        "unit": "白洋渡镇",
        "task": "visit",
        "quota": 100,
        "assigned": 40,
        "requested": 61,
        "available": 60,
    }
    check_assign(TREE, PLAN.quotas, U("sq"), "visit", 60)  # exactly the remainder is fine


def test_reassigning_a_child_counts_its_old_quota_out() -> None:
    check_assign(TREE, PLAN.quotas, U("ql"), "visit", 100)  # ql's own 40 is replaced, not added


def test_a_unit_cannot_be_set_below_what_it_handed_down() -> None:
    with pytest.raises(OverAllocation) as refused:
        check_assign(TREE, PLAN.quotas, U("ql"), "visit", 10)  # 张三 already has 20
    assert refused.value.key == "error.below_children"


def test_negative_quota_is_invalid() -> None:
    with pytest.raises(InvalidInput):
        check_assign(TREE, PLAN.quotas, M("李四"), "visit", -1)


def test_example_file_is_the_shipped_copy() -> None:
    shared = Path(__file__).parents[3] / "shared" / "examples" / "plan.yaml"
    if shared.exists():
        assert load_plan(shared.read_bytes(), "plan.yaml") == PLAN
