"""Who is expected on day D (issue 11 §2): one domain rule — a member on leave that day is not expected
to report, is not counted among the people a unit's quota is shared by, and is not judged by the
checkpoint whose day it is. Hand tables, no mocks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.checkpoint import TaskResult, evaluate
from bot.domain.leave import checkpoint_day, expected_on
from bot.domain.model import Assignee, Member, Role
from bot.domain.progress import MemberActivity, ProgressBook
from bot.domain.reach import QuotaReach
from bot.domain.tree import OrgTree
from tests.unit.worlds import COUNTY_CAMPAIGN as CAMPAIGN
from tests.unit.worlds import COUNTY_QUOTAS as QUOTAS
from tests.unit.worlds import COUNTY_TREE as TREE
from tests.unit.worlds import SH
from tests.unit.worlds import TEST_M60 as M60

BOOK_ACTIVITY = {"a": MemberActivity({"visit": 5}), "b": MemberActivity({"visit": 1})}
AWAY = {"a": frozenset({date(2026, 11, 10), date(2026, 11, 11)}), "b": frozenset()}


@pytest.mark.parametrize(
    ("key", "day", "expected"),
    [
        ("a", date(2026, 11, 9), True),  # before the leave
        ("a", date(2026, 11, 10), False),  # its first day
        ("a", date(2026, 11, 11), False),  # its last day
        ("a", date(2026, 11, 12), True),  # back
        ("b", date(2026, 11, 10), True),  # no leave at all
        ("z", date(2026, 11, 10), True),  # not in the map
    ],
)
def test_a_member_is_expected_on_every_day_they_are_not_on_leave(key: str, day: date, expected: bool) -> None:
    assert expected_on(AWAY, key, day) is expected


@pytest.mark.parametrize(
    ("due", "day"),
    [
        (datetime(2026, 11, 11, 0, 0, tzinfo=SH), date(2026, 11, 11)),
        (datetime(2026, 11, 11, 18, 0, tzinfo=SH), date(2026, 11, 11)),
        (datetime(2026, 11, 10, 9, 0, tzinfo=UTC), date(2026, 11, 10)),  # 17:00 in Shanghai
        (datetime(2026, 11, 10, 17, 0, tzinfo=UTC), date(2026, 11, 11)),  # 01:00 next day in Shanghai
    ],
)
def test_the_checkpoints_day_is_its_due_date_in_the_campaigns_zone(due: datetime, day: date) -> None:
    assert checkpoint_day(due, "Asia/Shanghai") == day


def test_the_stored_evaluation_does_not_judge_a_member_on_leave_on_the_checkpoints_day() -> None:
    own = {**QUOTAS, (Assignee.member("a"), "visit"): 4, (Assignee.member("b"), "visit"): 4}
    book = ProgressBook(CAMPAIGN, TREE, own, BOOK_ACTIVITY, M60.due, away={"a": frozenset({date(2026, 11, 11)})})
    members = [r for r in evaluate(book, M60) if r.assignee.kind.value == "member"]
    # 60 % of 4 rounds up to 3: 乙 did 1 and is judged; 甲 is on leave on 11-11 and is not judged at all.
    assert members == [TaskResult(Assignee.member("b"), "visit", 1, 3)]
    back = ProgressBook(CAMPAIGN, TREE, own, BOOK_ACTIVITY, M60.due, away={"a": frozenset({date(2026, 11, 12)})})
    assert {r.assignee.key for r in evaluate(back, M60) if r.assignee.kind.value == "member"} == {"a", "b"}


def test_the_people_a_units_quota_is_shared_by_leave_out_those_on_leave_that_day() -> None:
    tree = OrgTree.build(
        TREE.units(),
        [
            Member("a", "甲", "v1", Role.CADRE),
            Member("a2", "甲二", "v1", Role.CADRE),
            Member("a3", "甲三", "v1", Role.CADRE),
            Member("l", "书记", "v1", Role.LEADER),
        ],
    )
    away = {"a2": frozenset({date(2026, 11, 5)}), "l": frozenset({date(2026, 11, 5)})}
    # Three cadres share 一村's quota; on 11-05 甲二 is away: two; the leader was never counted.
    assert QuotaReach(tree, QUOTAS, CAMPAIGN).people("v1", "visit") == 3
    assert QuotaReach(tree, QUOTAS, CAMPAIGN, away, date(2026, 11, 5)).people("v1", "visit") == 2
    assert QuotaReach(tree, QUOTAS, CAMPAIGN, away, date(2026, 11, 6)).people("v1", "visit") == 3
