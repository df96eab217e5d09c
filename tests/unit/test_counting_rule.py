"""Which number counts (SPEC §2): with verification on, every view shows verified and reported side by
side, and one rule says which of them meets targets and ranks. Hand-computed tables, no mocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from bot.domain.counting import Counted, counting_rule
from bot.domain.model import Assignee, Campaign, Member, Milestone, Role, TaskType, Unit, VerificationMode
from bot.domain.progress import MemberActivity, ProgressBook
from bot.domain.standing import Status
from bot.domain.tree import OrgTree
from tests.unit.worlds import SH

START = datetime(2026, 11, 1, tzinfo=SH)
M60 = Milestone(60, datetime(2026, 11, 11, tzinfo=SH))
END = datetime(2026, 11, 21, tzinfo=SH)
AT = datetime(2026, 11, 6, tzinfo=SH)  # halfway to the 60 % milestone: 30 % expected
CAMPAIGN = Campaign(
    "c", "测试", START, END, tasks=(TaskType("visit", "走访", "户"),), milestones=(M60, Milestone(100, END))
)
UNITS = [Unit("town", "镇", "town"), Unit("v1", "一村", "village", "town"), Unit("v2", "二村", "village", "town")]
MEMBERS = [Member("a", "甲", "v1", Role.CADRE), Member("b", "乙", "v2", Role.CADRE)]
QUOTAS = {(Assignee.member("a"), "visit"): 40, (Assignee.member("b"), "visit"): 40}
# 甲 reported 20, 12 of them verified; 乙 reported 10, none verified yet.
ACTIVITY = {
    "a": MemberActivity({"visit": 20}, {"visit": 20}, AT, verified={"visit": 12}, verified_7_days={"visit": 12}),
    "b": MemberActivity({"visit": 10}, {"visit": 10}, AT),
}


def book(mode: VerificationMode) -> ProgressBook:
    campaign = replace(CAMPAIGN, verification=mode)
    return ProgressBook(campaign, OrgTree.build(UNITS, MEMBERS), QUOTAS, ACTIVITY, AT)


@pytest.mark.parametrize(
    ("mode", "counts", "both_shown"),
    [
        (VerificationMode.OFF, Counted.REPORTED, False),  # nothing is verified: one number, no legend
        (VerificationMode.OPTIONAL, Counted.REPORTED, True),  # verification is a check, not a gate
        (VerificationMode.REQUIRED, Counted.VERIFIED, True),  # only what a leader approved meets targets
    ],
)
def test_the_verification_mode_says_which_number_counts_and_whether_both_are_shown(
    mode: VerificationMode, counts: Counted, both_shown: bool
) -> None:
    rule = counting_rule(mode)
    assert (rule.counts, rule.both_shown) == (counts, both_shown)


@pytest.mark.parametrize(
    # who, mode → done (the counting number), reported, verified, completion, milestone target met
    ("who", "mode", "done", "reported", "verified", "completion"),
    [
        (Assignee.member("a"), VerificationMode.REQUIRED, 12, 20, 12, 12 / 40),
        (Assignee.member("a"), VerificationMode.OPTIONAL, 20, 20, 12, 20 / 40),
        (Assignee.member("a"), VerificationMode.OFF, 20, 20, 12, 20 / 40),
        (Assignee.member("b"), VerificationMode.REQUIRED, 0, 10, 0, 0.0),
        (Assignee.member("b"), VerificationMode.OPTIONAL, 10, 10, 0, 10 / 40),
        (Assignee.unit("town"), VerificationMode.REQUIRED, 12, 30, 12, 12 / 80),
        (Assignee.unit("town"), VerificationMode.OPTIONAL, 30, 30, 12, 30 / 80),
        (Assignee.unit("v2"), VerificationMode.REQUIRED, 0, 10, 0, 0.0),
    ],
)
def test_a_standing_carries_both_totals_and_counts_the_one_the_rule_names(
    who: Assignee, mode: VerificationMode, done: int, reported: int, verified: int, completion: float
) -> None:
    s = book(mode).standing(who)
    (task,) = s.tasks
    assert (task.done, task.reported, task.verified) == (done, reported, verified)
    assert (s.raw_done, s.raw_reported, s.raw_verified) == (done, reported, verified)
    assert s.completion == pytest.approx(completion)


def test_targets_status_and_laggards_use_the_counting_number() -> None:
    # 60 % of 40 is 24. Expected at AT is 30 %: 甲 at 30 % verified is on track, at 50 % reported ahead;
    # 乙 at 0 % verified is behind (at risk: silent in verified work), at 25 % reported on track.
    required, optional = book(VerificationMode.REQUIRED), book(VerificationMode.OPTIONAL)
    a_req, a_opt = required.standing(Assignee.member("a")), optional.standing(Assignee.member("a"))
    assert (a_req.tasks[0].remaining, a_opt.tasks[0].remaining) == (12, 4)
    assert (a_req.status, a_opt.status) == (Status.ON_TRACK, Status.AHEAD)
    assert required.standing(Assignee.member("b")).status is Status.AT_RISK
    assert optional.standing(Assignee.member("b")).status is Status.ON_TRACK
    lag_req = [(s.assignee.key, s.tasks[0].remaining) for s in required.laggards("town")]
    # The one laggard rule: short of a target AND behind pace; 甲 and 一村 are on track, so not listed.
    assert lag_req == [("v2", 24), ("b", 24)]


def test_the_completion_by_either_number_for_the_charts_lighter_bar() -> None:
    a = book(VerificationMode.REQUIRED).standing(Assignee.member("a"))
    assert a.completion_of(Counted.VERIFIED) == pytest.approx(12 / 40) == a.completion
    assert a.completion_of(Counted.REPORTED) == pytest.approx(20 / 40)
    town = book(VerificationMode.REQUIRED).standing(Assignee.unit("town"))
    assert town.completion_of(Counted.REPORTED) == pytest.approx(30 / 80)
