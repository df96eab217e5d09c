"""Where /me puts a member among the unit's members, and whom /progress ranks under a unit."""

from __future__ import annotations

from datetime import datetime

from bot.domain.model import Assignee, Campaign, Member, Milestone, Role, TaskType, Unit
from bot.domain.progress import MemberActivity, ProgressBook
from bot.domain.ranking import Position, rank_in_unit, ranked_children
from bot.domain.tree import OrgTree
from tests.unit.worlds import SH

START, END = datetime(2026, 11, 1, tzinfo=SH), datetime(2026, 11, 21, tzinfo=SH)
VISIT = TaskType("visit", "走访", "户")
CAMPAIGN = Campaign("c", "测试", START, END, tasks=(VISIT,), milestones=(Milestone(100, END),))
UNITS = [Unit("town", "镇", "town"), Unit("v1", "一村", "village", "town"), Unit("v2", "二村", "village", "town")]
MEMBERS = [
    Member("boss", "镇长", "town", Role.LEADER),  # a leader without quota or reports
    Member("a", "甲", "v1", Role.CADRE),
    Member("b", "乙", "v1", Role.CADRE),
    Member("chief", "村长", "v1", Role.LEADER),  # a leader without a quota: not a competitor
]


def book(activity: dict[str, MemberActivity]) -> ProgressBook:
    quotas = {
        (Assignee.member("a"), "visit"): 10,
        (Assignee.member("b"), "visit"): 10,
        (Assignee.unit("v1"), "visit"): 20,
        (Assignee.unit("v2"), "visit"): 20,
    }
    return ProgressBook(CAMPAIGN, OrgTree.build(UNITS, MEMBERS), quotas, activity, datetime(2026, 11, 11, tzinfo=SH))


def test_a_member_is_ranked_among_the_units_members_with_a_quota() -> None:
    b = book({"a": MemberActivity({"visit": 3}), "b": MemberActivity({"visit": 7}), "chief": MemberActivity({})})
    assert rank_in_unit(b, "b", "v1") == Position(1, 2)
    assert rank_in_unit(b, "a", "v1") == Position(2, 2)


def test_a_member_without_a_quota_has_no_rank() -> None:
    b = book({"chief": MemberActivity({"visit": 4})})
    assert rank_in_unit(b, "chief", "v1") is None


def test_a_units_children_ranked_and_those_without_a_quota_listed_after() -> None:
    b = book({"a": MemberActivity({"visit": 2}), "chief": MemberActivity({"visit": 4})})
    ranked, unquoted = ranked_children(b, "v1")
    assert [(r.rank, r.standing.assignee.key) for r in ranked] == [(1, "a"), (2, "b")]
    assert [s.assignee.key for s in unquoted] == ["chief"]  # reported without a quota: listed, unranked


def test_a_leader_with_neither_quota_nor_reports_is_left_out_of_the_ranking() -> None:
    ranked, unquoted = ranked_children(book({}), "town")
    assert [r.standing.assignee.key for r in ranked] == ["v1", "v2"]
    assert unquoted == []
