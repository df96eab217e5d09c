"""A checkpoint's own evaluation (SPEC §5): per unit and member with a quota, per task, done and
target at the due time; the units that missed and the `min_each` rules broken, in a leader's scope.
Hand-computed tables, no mocks."""

from __future__ import annotations

from bot.domain.checkpoint import TaskResult, evaluate, missed_units, units_met, violations_in
from bot.domain.model import Assignee, Milestone
from bot.domain.progress import MemberActivity, ProgressBook
from tests.unit.worlds import COUNTY_CAMPAIGN as CAMPAIGN
from tests.unit.worlds import COUNTY_QUOTAS as QUOTAS
from tests.unit.worlds import COUNTY_TREE as TREE
from tests.unit.worlds import TEST_END as END
from tests.unit.worlds import TEST_M60 as M60

# At 60 %: every village's visit target is 6, v4's checkup target 3.
BOOK = ProgressBook(
    CAMPAIGN,
    TREE,
    QUOTAS,
    {
        "a": MemberActivity({"visit": 5, "checkup": 2}),
        "b": MemberActivity({"visit": 1}),
        "d": MemberActivity({"visit": 6, "checkup": 3}),
    },
    M60.due,
)


def test_the_evaluation_holds_every_assignee_and_task_with_a_quota() -> None:
    rows = {(r.assignee.key, r.task): (r.done, r.target, r.met) for r in evaluate(BOOK, M60)}
    assert rows == {
        ("county", "visit"): (12, 24, False),
        ("county", "checkup"): (5, 3, True),
        ("south", "visit"): (6, 18, False),
        ("v1", "visit"): (5, 6, False),
        ("v2", "visit"): (1, 6, False),
        ("v3", "visit"): (0, 6, False),
        ("north", "visit"): (6, 6, True),
        ("north", "checkup"): (3, 3, True),
        ("v4", "visit"): (6, 6, True),
        ("v4", "checkup"): (3, 3, True),
    }


def test_units_met_counts_units_whose_every_target_was_met() -> None:
    results = evaluate(BOOK, M60)
    assert units_met(results, ["county", "south", "v1", "v2", "v3", "north", "v4"]) == (2, 7)
    assert units_met(results, ["north", "v4"]) == (2, 2)
    assert units_met([TaskResult(Assignee.unit("x"), "visit", 1, 1)], ["x", "y"]) == (1, 1)


def test_a_town_leader_sees_the_villages_that_missed_though_no_member_did() -> None:
    # the town first, then its villages, least complete first (v3 0/6, v2 1/6, v1 5/6)
    assert [s.assignee.key for s in missed_units(BOOK, "south", M60)] == ["south", "v3", "v2", "v1"]
    assert missed_units(BOOK, "north", M60) == []


def test_rule_violations_in_a_leaders_scope() -> None:
    # every village needs 2 checkups by 60 %: v1 has 2, v2 and v3 none, v4 3
    assert [(v.unit, v.done, v.required) for v in violations_in(BOOK, "south", M60)] == [("v2", 0, 2), ("v3", 0, 2)]
    assert violations_in(BOOK, "north", M60) == []
    assert violations_in(BOOK, "v1", M60) == []
    assert violations_in(BOOK, "county", Milestone(100, END)) == []  # no rule is due at 100 %
