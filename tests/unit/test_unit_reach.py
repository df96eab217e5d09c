"""Which unit's quota reaches a member for a task (SPEC §5: "a quota set on a unit reaches its
people"), and what that unit still needs — hand-computed tables, no mocks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.model import Assignee, Member, Role, Unit
from bot.domain.progress import MemberActivity, ProgressBook
from bot.domain.reach import QuotaReach, reaching_unit
from bot.domain.tree import OrgTree
from tests.unit.worlds import TEST_CAMPAIGN as CAMPAIGN
from tests.unit.worlds import TEST_M60 as M60

# county ─ town ─ v1 (a, b, L), v2 (c); d directly in town
TREE = OrgTree.build(
    [
        Unit("county", "县", "county"),
        Unit("town", "镇", "town", "county"),
        Unit("v1", "一村", "village", "town"),
        Unit("v2", "二村", "village", "town"),
    ],
    [
        Member("a", "甲", "v1", Role.CADRE),
        Member("b", "乙", "v1", Role.CADRE),
        Member("L", "村书记", "v1", Role.LEADER),
        Member("c", "丙", "v2", Role.CADRE),
        Member("d", "丁", "town", Role.CADRE),
    ],
)
QUOTAS = {
    (Assignee.unit("town"), "visit"): 100,
    (Assignee.unit("town"), "checkup"): 50,
    (Assignee.unit("v1"), "visit"): 40,
    (Assignee.member("a"), "visit"): 20,
    (Assignee.member("c"), "checkup"): 0,  # a personal quota of 0 is still the member's own
}


@pytest.mark.parametrize(
    ("member", "task", "unit"),
    [
        ("a", "visit", None),  # a personal quota: the member's own reminder, not a unit's
        ("a", "checkup", "town"),  # v1 has no checkup quota: the nearest ancestor that has one
        ("b", "visit", "v1"),  # the member's own unit
        ("b", "checkup", "town"),
        ("L", "visit", "v1"),
        ("c", "visit", "town"),  # v2 has no quota at all
        ("c", "checkup", None),  # personal 0
        ("d", "visit", "town"),  # a member directly in the town
    ],
)
def test_the_nearest_unit_with_a_quota_for_the_task_reaches_a_member_without_their_own(
    member: str, task: str, unit: str | None
) -> None:
    assert reaching_unit(TREE, QUOTAS, member, task) == unit


def test_no_unit_above_has_a_quota_for_the_task_reaches_nobody() -> None:
    assert reaching_unit(TREE, {(Assignee.unit("v1"), "visit"): 5}, "c", "visit") is None


def test_people_are_the_cadres_a_units_quota_reaches_for_that_task() -> None:
    reach = QuotaReach(TREE, QUOTAS, CAMPAIGN)
    assert reach.people("v1", "visit") == 1  # b (a has their own, L is a leader)
    assert reach.people("town", "visit") == 2  # c, d
    assert reach.people("town", "checkup") == 3  # a, b, d (c has a personal 0)
    assert reach.people("v2", "visit") == 0


def _book(activity: dict[str, MemberActivity], at: datetime) -> ProgressBook:
    return ProgressBook(CAMPAIGN, TREE, QUOTAS, activity, at)


def test_a_member_hears_each_unit_behind_for_the_tasks_without_a_personal_quota() -> None:
    # At 60 %: v1 visit target 24, done a 5 + b 3 = 8 → 16 left; town visit 60, done 8 + d 10 = 18 → 42;
    # town checkup target 30, done a 2 → 28. Three days before the due: per day = ceil(left / 3).
    at = M60.due - timedelta(days=3)
    book = _book(
        {
            "a": MemberActivity({"visit": 5, "checkup": 2}),
            "b": MemberActivity({"visit": 3}),
            "d": MemberActivity({"visit": 10}),
        },
        at,
    )
    reach = QuotaReach(TREE, QUOTAS, CAMPAIGN)
    shares = {
        (s.unit, s.task.task): (s.task.done, s.task.target, s.task.remaining, s.task.per_day, s.people)
        for s in reach.shares(book, "b", M60)
    }
    assert shares == {("v1", "visit"): (8, 24, 16, 6, 1), ("town", "checkup"): (2, 30, 28, 10, 3)}
    [only] = reach.shares(book, "a", M60)  # visit is personal: only the town's checkup reaches a
    assert (only.unit, only.task.task) == ("town", "checkup")
    assert [(s.unit, s.task.task, s.task.remaining) for s in reach.shares(book, "c", M60)] == [("town", "visit", 42)]


def test_a_unit_at_its_target_reaches_nobody() -> None:
    book = _book({"b": MemberActivity({"visit": 24, "checkup": 30})}, M60.due - timedelta(days=1))
    reach = QuotaReach(TREE, QUOTAS, CAMPAIGN)
    assert reach.shares(book, "b", M60) == []  # v1 visit 24/24, town checkup 30/30
    assert [(s.unit, s.task.task) for s in reach.shares(book, "c", M60)] == [("town", "visit")]  # 24 of 60
