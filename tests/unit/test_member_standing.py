"""One member's standing without a book (issue 8: every acknowledgement shows one): the same
Standing the progress book gives that member, in every case the book's arithmetic tells apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from bot.domain.member_standing import member_standing
from bot.domain.model import Assignee, CalendarSpec, Campaign, Member, Milestone, Role, Unit, VerificationMode
from bot.domain.progress import MemberActivity, ProgressBook
from bot.domain.standing import Status
from bot.domain.tree import OrgTree
from tests.unit.worlds import TEST_CAMPAIGN as CAMPAIGN
from tests.unit.worlds import TEST_END as END
from tests.unit.worlds import TEST_M60 as M60
from tests.unit.worlds import TEST_START as START

UNITS = [Unit("county", "县", "county"), Unit("v1", "一村", "village", "county")]
MEMBERS = [Member("a", "甲", "v1", Role.CADRE), Member("b", "乙", "v1", Role.CADRE)]
QUOTAS = {
    (Assignee.member("a"), "visit"): 10,
    (Assignee.member("a"), "checkup"): 10,
    (Assignee.unit("v1"), "visit"): 99,  # a unit's quota is no member's
}
CALENDAR = replace(CAMPAIGN, calendar=CalendarSpec(enabled=True, holidays=frozenset({date(2026, 11, 9)})))
REQUIRED = replace(CAMPAIGN, verification=VerificationMode.REQUIRED)


def _act(
    visit: int, checkup: int = 0, recent: int = 0, last: datetime | None = None, verified: int = 0
) -> MemberActivity:
    return MemberActivity(
        {"visit": visit, "checkup": checkup}, {"visit": recent}, last, {}, {"visit": verified}, {"visit": verified}
    )


CASES: list[tuple[Campaign, datetime, MemberActivity | None, tuple[date, ...], Milestone | None]] = [
    # (campaign, at, activity of "a", a's leave, milestone asked for)
    (CAMPAIGN, M60.due - timedelta(days=2), _act(14, 6, recent=5, last=M60.due - timedelta(days=3)), (), None),
    (CAMPAIGN, M60.due - timedelta(days=2), _act(1, recent=7, last=M60.due - timedelta(days=5)), (), None),  # silent
    (CAMPAIGN, M60.due - timedelta(days=4), _act(2, recent=2, last=M60.due - timedelta(days=4)), (), None),  # at risk
    (CAMPAIGN, M60.due - timedelta(days=4), _act(5, 1, recent=9, last=M60.due - timedelta(hours=5)), (), None),
    (CAMPAIGN, START + timedelta(hours=3), None, (), None),  # nothing reported yet
    (CAMPAIGN, END + timedelta(days=1), _act(30, 2), (), None),  # past the end: no milestone left
    (CAMPAIGN, M60.due - timedelta(days=3), _act(3, recent=1, last=START), (date(2026, 11, 9),), None),  # on leave
    (CAMPAIGN, M60.due - timedelta(days=3), _act(3, recent=3, last=START), (), Milestone(100, END)),
    (CALENDAR, M60.due - timedelta(days=3), _act(4, 4, recent=2, last=START + timedelta(days=5)), (), None),
    (REQUIRED, M60.due - timedelta(days=1), _act(12, 3, recent=4, last=START, verified=5), (), None),
]


@pytest.mark.parametrize(("campaign", "at", "activity", "away", "milestone"), CASES)
def test_a_members_standing_without_a_book_is_the_one_the_book_gives(
    campaign: Campaign,
    at: datetime,
    activity: MemberActivity | None,
    away: tuple[date, ...],
    milestone: Milestone | None,
) -> None:
    tree = OrgTree.build(UNITS, MEMBERS)
    away_dates = {"a": frozenset(away)} if away else {}
    book = ProgressBook(campaign, tree, QUOTAS, {"a": activity} if activity else {}, at, away=away_dates)
    alone = member_standing(campaign, "a", QUOTAS, activity, at, frozenset(away), milestone)
    assert alone == book.standing(Assignee.member("a"), milestone)


def test_every_status_is_among_the_cases() -> None:
    # The cases above reach each status the book can give, so the comparison covers all of its rules.
    seen = {member_standing(c, "a", QUOTAS, act, at, frozenset(away), m).status for c, at, act, away, m in CASES}
    assert seen == set(Status)


def test_a_member_without_a_quota_has_no_completion_alone_either() -> None:
    at = M60.due
    alone = member_standing(CAMPAIGN, "b", QUOTAS, _act(3), at)
    book = ProgressBook(CAMPAIGN, OrgTree.build(UNITS, MEMBERS), QUOTAS, {"b": _act(3)}, at)
    assert alone == book.standing(Assignee.member("b"))
    assert alone.completion is None
