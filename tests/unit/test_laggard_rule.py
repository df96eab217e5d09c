"""The one laggard rule (SPEC §2, §5) that /laggards, the leaders' digests and the missed lists share,
as a table computed by hand.

The campaign runs 1 → 21 Nov; the 60 % checkpoint is due 11 Nov 00:00. On 6 Nov 00:00 the expected
completion is 30 %. 丙 (member c, the only member of village v2) has one task: visit, quota 20, so the
60 % target is 12 and every visit is 5 points of completion. 甲 (member a, in v1) has visit 10 and
checkup 10 (targets 6 and 6).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.model import Assignee, Member, Role, Unit
from bot.domain.progress import MemberActivity, ProgressBook
from bot.domain.standing import Status, is_laggard
from bot.domain.tree import OrgTree
from tests.unit.worlds import SH
from tests.unit.worlds import TEST_CAMPAIGN as CAMPAIGN
from tests.unit.worlds import TEST_M60 as M60

OPEN = datetime(2026, 11, 6, 0, 0, tzinfo=SH)  # 5 days before the 60 % due: 30 % expected
CLOSED = M60.due + timedelta(hours=1)  # the checkpoint is being evaluated
TREE = OrgTree.build(
    [
        Unit("town", "镇", "town"),
        Unit("v1", "一村", "village", "town"),
        Unit("v2", "二村", "village", "town"),
    ],
    [
        Member("a", "甲", "v1", Role.CADRE),
        Member("c", "丙", "v2", Role.CADRE),
        Member("d", "丁", "v2", Role.CADRE),  # no quota at all
    ],
)
QUOTAS = {
    (Assignee.member("a"), "visit"): 10,
    (Assignee.member("a"), "checkup"): 10,
    (Assignee.member("c"), "visit"): 20,
}


def act(at: datetime, visit: int = 0, checkup: int = 0, recent: int = 0, silent: int = 0) -> MemberActivity:
    """`recent` visits in the last 5 working days; the last report an hour ago, or never when `silent` (1)."""
    last = None if silent else at - timedelta(hours=1)
    return MemberActivity({"visit": visit, "checkup": checkup}, {"visit": recent}, last)


# who, activity, when → status (the label every view shows), listed as lagging?
TABLE = [
    # 丙 10/20 = 50 %, 20 points ahead of 30 %; short of the target 12, but ahead: never "behind".
    ("ahead", "c", {"c": {"visit": 10}}, OPEN, Status.AHEAD, False),
    # 丙 5/20 = 25 %, exactly 5 points under: on track, short of 12 but on pace for it.
    ("on track", "c", {"c": {"visit": 5}}, OPEN, Status.ON_TRACK, False),
    # 丙 4/20 = 20 %, 10 under; needs 8 in 5 days, did 8 in the last 5 working days: 1.6/day reaches
    # the target by its due date, so behind, not at risk.
    ("behind", "c", {"c": {"visit": 4, "recent": 8}}, OPEN, Status.BEHIND, True),
    # the same 20 %, but nothing in the last 7 days and no report ever: at risk.
    ("at risk", "c", {"c": {"visit": 4, "silent": 1}}, OPEN, Status.AT_RISK, True),
    # 丁 has no quota: reported work shows, but there is nothing to be behind on.
    ("no quota", "d", {"d": {"visit": 3}}, OPEN, Status.ON_TRACK, False),
    # 丙 12/20 met the 60 % target (and is ahead): not listed.
    ("met target", "c", {"c": {"visit": 12}}, OPEN, Status.AHEAD, False),
    # 甲 10 visits + 5 checkups = 15/20 = 75 %: ahead, though short of the checkup target 6.
    ("ahead, one task short", "a", {"a": {"visit": 10, "checkup": 5}}, OPEN, Status.AHEAD, False),
    # once the checkpoint is due, whoever is short of a target missed it — whatever the pace says.
    ("missed at the checkpoint", "a", {"a": {"visit": 10, "checkup": 5}}, CLOSED, Status.AHEAD, True),
    ("met at the checkpoint", "c", {"c": {"visit": 12, "recent": 12}}, CLOSED, Status.ON_TRACK, False),
    # the unit v2 has 丙's quota and work: a unit follows the same rule as a person.
    ("unit behind", "v2", {"c": {"visit": 4, "recent": 8}}, OPEN, Status.BEHIND, True),
    # 7 in the last 5 working days: 1.4/day brings 7 of the 8 needed by the due date: at risk.
    ("behind, too slow", "c", {"c": {"visit": 4, "recent": 7}}, OPEN, Status.AT_RISK, True),
    ("unit on track", "v2", {"c": {"visit": 5}}, OPEN, Status.ON_TRACK, False),
]


def _assignee(who: str) -> Assignee:
    return Assignee.unit(who) if TREE.has_unit(who) else Assignee.member(who)


@pytest.mark.parametrize(("case", "who", "activity", "at", "status", "lagging"), TABLE, ids=[r[0] for r in TABLE])
def test_the_laggard_rule(
    case: str, who: str, activity: dict[str, dict[str, int]], at: datetime, status: Status, lagging: bool
) -> None:
    book = ProgressBook(CAMPAIGN, TREE, QUOTAS, {k: act(at, **v) for k, v in activity.items()}, at)
    standing = book.standing(_assignee(who), M60)
    assert standing.status is status, case
    assert is_laggard(standing, at) is lagging, case
    assert (standing.assignee in {s.assignee for s in book.laggards("town", M60)}) is lagging, case


def test_nobody_labelled_ahead_or_on_track_is_listed_while_the_milestone_is_open() -> None:
    """Every combination of counts for 甲 and 丙: the list never holds an ahead or on-track label."""
    for visits in range(0, 21, 2):
        for checkups in range(0, 11, 2):
            activity = {"a": act(OPEN, visit=visits // 2, checkup=checkups), "c": act(OPEN, visit=visits)}
            book = ProgressBook(CAMPAIGN, TREE, QUOTAS, activity, OPEN)
            for s in book.laggards("town"):
                assert s.status in (Status.BEHIND, Status.AT_RISK), (visits, checkups, s)
