"""Nobody sets their own quota or a co-leader's (bot/domain/policy.py), by any path: the re-split of a
long leave (Action.RESPLIT_LEAVE) lowers the quota of the member on leave to what they have done and hands
the rest to the unit's cadres — for a leader on leave, a quota set by himself or by a peer of his unit.
A leader above (or an admin) re-splits it, as they set it with /assign (and only he is offered it: the
offer for a town leader's leave skips his co-leaders, bot/domain/overseers.py `peers=False`).

A town 白洋渡镇 (bydz) led by 郭镇长 and 副镇长, above the village 七岭村 (ql)."""

from __future__ import annotations

import pytest

from bot.domain.model import Assignee, Member, Role, Unit
from bot.domain.policy import Action, ActorFacts, decide
from bot.domain.tree import OrgTree

TREE = OrgTree.build(
    [
        Unit("county", "县卫健局", "county"),
        Unit("bydz", "白洋渡镇", "town", "county"),
        Unit("ql", "七岭村", "village", "bydz"),
    ],
    [
        Member("陈主任", "陈主任", "county", Role.LEADER),
        Member("郭镇长", "郭镇长", "bydz", Role.LEADER),
        Member("副镇长", "副镇长", "bydz", Role.LEADER),
        Member("王五", "王五", "bydz", Role.CADRE),
    ],
)
TOWN = ActorFacts(leads=frozenset({"bydz"}), member_key="郭镇长")
COUNTY = ActorFacts(leads=frozenset({"county"}), member_key="陈主任")


@pytest.mark.parametrize(
    ("on_leave", "why"), [("郭镇长", "resplit.own"), ("副镇长", "resplit.co_leader")], ids=["his own", "a co-leader's"]
)
def test_a_leader_does_not_resplit_his_own_or_a_co_leaders_quota(on_leave: str, why: str) -> None:
    refusal = decide(TOWN, Action.RESPLIT_LEAVE, TREE, Assignee.member(on_leave))
    assert refusal is not None
    assert refusal.key == why


def test_a_leader_above_resplits_a_town_leaders_quota_and_the_town_leader_his_cadres() -> None:
    assert decide(COUNTY, Action.RESPLIT_LEAVE, TREE, Assignee.member("副镇长")) is None
    assert decide(TOWN, Action.RESPLIT_LEAVE, TREE, Assignee.member("王五")) is None
