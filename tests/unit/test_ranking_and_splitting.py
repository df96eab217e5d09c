"""Ranking for bulletins (SPEC §3.3) and /split (SPEC §3.1): formulas and refusals."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import InvalidInput, RuleViolated, SplitImpossible
from bot.domain.model import Assignee, MinEachRule
from bot.domain.ranking import most_improved, rank, warnings
from bot.domain.splitting import check_assign_rules, split_even, split_weighted
from bot.domain.standing import Standing, Status
from bot.domain.tree import OrgTree
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML

SH = ZoneInfo("Asia/Shanghai")
PLAN = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml")
TREE = OrgTree.build(PLAN.units, PLAN.members)
U, M = Assignee.unit, Assignee.member


def st(key: str, completion: float | None, pace: float = 0.0, reached: int | None = None) -> Standing:
    at = datetime(2026, 12, 1, reached, 0, tzinfo=SH) if reached is not None else None
    return Standing(U(key), (), completion, 0, 10, 0.5, pace, Status.ON_TRACK, None, False, at)


def test_ranking_by_completion_with_ties_to_whoever_reached_it_first() -> None:
    rows = rank(
        [
            st("late", 0.5, reached=15),
            st("top", 0.9, reached=9),
            st("early", 0.5, reached=8),
            st("none", None),
            st("zero", 0.0),
        ]
    )
    assert [r.standing.assignee.key for r in rows] == ["top", "early", "late", "zero", "none"]
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5]


def test_most_improved_is_the_largest_gain_since_the_last_bulletin() -> None:
    now = [st("a", 0.5), st("b", 0.4), st("c", 0.9)]
    assert most_improved({"a": 0.45, "b": 0.1, "c": 0.85}, now).assignee.key == "b"  # type: ignore[union-attr]
    assert most_improved({"a": 0.5, "b": 0.4, "c": 0.9}, now) is None  # nobody gained
    assert most_improved({}, now) is None


def test_public_warnings_only_beyond_the_gap() -> None:
    rows = [st("ok", 0.5, pace=-10.0), st("bad", 0.3, pace=-10.5), st("worse", 0.1, pace=-30.0)]
    assert [s.assignee.key for s in warnings(rows, 10)] == ["worse", "bad"]


def test_even_split_hands_down_exactly_the_remainder_and_keeps_existing_quotas() -> None:
    shares = split_even(TREE, PLAN.quotas, "bydz", "visit", (), PLAN.campaign.milestones)
    assert sum(shares.values()) == 100  # the town's whole quota, now fully assigned
    assert shares[U("ql")] >= 40  # ql keeps its 40 and gets a share on top
    assert M("郭镇长") not in shares  # the town's leader is not handed a quota
    assert max(shares[c] for c in shares if c != U("ql")) - min(shares[c] for c in shares if c != U("ql")) <= 1


def test_split_honours_min_each_rules_first() -> None:
    rule = MinEachRule("village", "checkup", 5, 60)  # every village needs ≥ 5 checkups by 60 % → quota ≥ 9
    weights = {U("ql"): 0.0, U("sq"): 0.0, U("qlj"): 1.0, M("郭镇长"): 0.0}
    shares = split_weighted(TREE, PLAN.quotas, "bydz", "checkup", weights, (rule,), PLAN.campaign.milestones)
    assert shares[U("sq")] == 9  # brought to the floor although its weight is 0
    assert sum(shares.values()) == 70


def test_split_says_when_the_rules_cannot_be_met() -> None:
    rule = MinEachRule("village", "checkup", 30, 60)  # needs quota 50 per village: 100 for sq+qlj > 40 left
    with pytest.raises(SplitImpossible) as refused:
        split_even(TREE, PLAN.quotas, "bydz", "checkup", (rule,), PLAN.campaign.milestones)
    assert refused.value.params["needed"] > refused.value.params["available"] == 40


def test_split_refuses_bad_weights_and_nothing_to_split() -> None:
    with pytest.raises(InvalidInput):
        split_weighted(TREE, PLAN.quotas, "bydz", "visit", {U("ql"): -1.0}, (), PLAN.campaign.milestones)
    with pytest.raises(SplitImpossible):
        split_even(TREE, PLAN.quotas, "county", "visit", (), PLAN.campaign.milestones)  # 164 fully assigned


def test_weighted_split_follows_the_weights_with_largest_remainders() -> None:
    weights = {U("ql"): 0.0, U("sq"): 2.0, U("qlj"): 1.0, M("郭镇长"): 0.0}
    shares = split_weighted(TREE, PLAN.quotas, "bydz", "visit", weights, (), PLAN.campaign.milestones)
    assert (shares[U("sq")], shares[U("qlj")]) == (40, 20)


def test_a_unit_whose_own_remainder_covers_its_villages_needs_no_floor_from_above() -> None:
    rule = MinEachRule("village", "checkup", 1, 60)  # each village needs a quota ≥ 2
    quotas = dict(PLAN.quotas) | {(U("county"), "checkup"): 130}  # 10 left at the county
    # 白洋渡镇 holds 70 with 40 unassigned and 元木镇 50 with nothing given to its villages: each can
    # bring its own villages to 2, so the county owes them nothing and follows the weights alone.
    weights = {U("bydz"): 1.0, U("ymz"): 0.0}
    shares = split_weighted(TREE, quotas, "county", "checkup", weights, (rule,), PLAN.campaign.milestones)
    assert (shares[U("bydz")], shares[U("ymz")]) == (80, 50)


def test_assign_rules_keep_each_village_at_its_floor() -> None:
    rule = (MinEachRule("village", "checkup", 30, 60),)  # quota ≥ 50 per village
    milestones = PLAN.campaign.milestones
    with pytest.raises(RuleViolated) as village:
        check_assign_rules(TREE, PLAN.quotas, U("sq"), "checkup", 0, rule, milestones)
    assert village.value.params == {"unit": "双泉村", "task": "checkup", "needed": 50, "requested": 0}
    # A town must hold what its villages need: 七岭村 50 (it has 30), 双泉村 50, 青鹿居委会 50.
    with pytest.raises(RuleViolated) as town:
        check_assign_rules(TREE, PLAN.quotas, U("bydz"), "checkup", 149, rule, milestones)
    assert town.value.params["needed"] == 150
    check_assign_rules(TREE, PLAN.quotas, M("李四"), "checkup", 0, rule, milestones)  # members have no rule


def test_assign_rules_leave_the_parent_enough_for_the_siblings() -> None:
    rule = (MinEachRule("village", "checkup", 1, 60),)  # quota ≥ 2 per village
    milestones = PLAN.campaign.milestones
    # 白洋渡镇 70, 七岭村 30: 40 left, and 青鹿居委会 (0) needs 2 of it.
    with pytest.raises(RuleViolated) as greedy:
        check_assign_rules(TREE, PLAN.quotas, U("sq"), "checkup", 39, rule, milestones)
    assert greedy.value.key == "error.rule_reserve"
    assert greedy.value.params == {
        "unit": "白洋渡镇",
        "task": "checkup",
        "reserved": 2,
        "requested": 39,
        "available": 38,
    }
    check_assign_rules(TREE, PLAN.quotas, U("sq"), "checkup", 38, rule, milestones)
    check_assign_rules(TREE, PLAN.quotas, U("sq"), "checkup", 50, (), milestones)  # no rule, no reserve
