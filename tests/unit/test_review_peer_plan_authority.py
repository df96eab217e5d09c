"""A town leader's plan against a co-leader of his own town (pure domain, on the stored tree).

A co-leader's leadership comes from above: the policy will not let a leader appoint anyone at his own
level (APPOINT_LEADER is strictly below) nor hand out a co-leader's join code ("Co-leaders are invited
from above (or by an admin), never by a peer"). The same leader must not be able to undo a peer's
appointment by uploading a plan of his own (a new campaign rooted at his town) that lists the co-leader as
a cadre: a member's role is stored once for the whole organisation (`members.role`), so the co-leader
loses his leader power in the county's campaign too."""

from __future__ import annotations

from bot.domain.model import Member, Role, Unit
from bot.domain.plan_authority import Organisation, plan_refusals
from bot.domain.policy import ActorFacts

TOWN_UNITS = (Unit("county", "县卫健局", "county"), Unit("bydz", "白洋渡镇", "town", "county"))
ORG = Organisation(
    units={u.code: u for u in TOWN_UNITS},
    members={
        m.key: m
        for m in (
            Member("郭镇长", "郭镇长", "bydz", Role.LEADER),
            Member("钱镇长", "钱镇长", "bydz", Role.LEADER),  # appointed by the county
            Member("王五", "王五", "bydz", Role.CADRE),
        )
    },
)
GUO = ActorFacts(leads=frozenset({"bydz"}), member_key="郭镇长")
OWN = [Unit("bydz", "白洋渡镇", "town")]


def test_a_leader_cannot_demote_a_co_leader_of_his_own_unit_by_plan() -> None:
    members = [Member("郭镇长", "郭镇长", "bydz", Role.LEADER), Member("钱镇长", "钱镇长", "bydz", Role.CADRE)]
    refusals = plan_refusals(GUO, ORG, OWN, members)  # a new campaign of his own town
    assert refusals, "郭镇长's plan makes his co-leader 钱镇长 a cadre, and nothing refuses it"


def test_the_county_may_demote_the_town_leader_it_appointed() -> None:
    """The same change from above passes: the refusal is about peers, not about demotion."""
    county = ActorFacts(leads=frozenset({"county"}), member_key="陈主任")
    members = [Member("钱镇长", "钱镇长", "bydz", Role.CADRE)]
    assert plan_refusals(county, ORG, [TOWN_UNITS[0], TOWN_UNITS[1]], members) == []


def test_a_leader_cannot_drop_a_co_leader_from_a_campaign_he_re_imports() -> None:
    """Leaving the co-leader out of a re-import deactivates him in the campaign: the same power."""
    members = [Member("郭镇长", "郭镇长", "bydz", Role.LEADER), Member("王五", "王五", "bydz", Role.CADRE)]
    refusals = plan_refusals(GUO, ORG, OWN, members, campaign_roots=["bydz"], dropped=[ORG.members["钱镇长"]])
    assert [r.key for r in refusals] == ["plan.auth.leader_peer"]


def test_a_leader_may_still_change_his_own_role_and_drop_a_cadre_of_his_unit() -> None:
    members = [Member("郭镇长", "郭镇长", "bydz", Role.CADRE), Member("钱镇长", "钱镇长", "bydz", Role.LEADER)]
    assert plan_refusals(GUO, ORG, OWN, members, campaign_roots=["bydz"], dropped=[ORG.members["王五"]]) == []
