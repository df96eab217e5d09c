"""A town leader's plan tries the organisation's edges (issue 8 A): pulling in someone from the sibling
town, renaming the sibling town or a coded member there, re-leveling his own town's parent. Each is
listed as a refusal; the same changes inside his subtree pass (pure domain, on the stored tree)."""

from __future__ import annotations

from bot.domain.model import Member, Role, Unit
from bot.domain.plan_authority import Organisation, plan_refusals
from bot.domain.policy import ActorFacts

ORG = Organisation(
    units={
        u.code: u
        for u in (
            Unit("county", "县卫健局", "county"),
            Unit("bydz", "白洋渡镇", "town", "county"),
            Unit("sq", "双泉村", "village", "bydz"),
            Unit("ymz", "元木镇", "town", "county"),
            Unit("ym", "元木村", "village", "ymz"),
        )
    },
    members={
        m.key: m
        for m in (
            Member("郭镇长", "郭镇长", "bydz", Role.LEADER),
            Member("王五", "王五", "sq", Role.CADRE),
            Member("y01", "孙七", "ym", Role.CADRE),  # coded: the key stays when the name changes
        )
    },
)
TOWN = ActorFacts(leads=frozenset({"bydz"}), member_key="郭镇长")
OWN = [Unit("bydz", "白洋渡镇", "town"), Unit("sq", "双泉村", "village", "bydz")]


def refusals(units: list[Unit], members: list[Member]) -> list[str]:
    return [r.key for r in plan_refusals(TOWN, ORG, units, members)]


def test_a_member_of_the_sibling_town_cannot_be_pulled_into_the_own_subtree() -> None:
    assert refusals(OWN, [Member("y01", "孙七", "sq", Role.CADRE)]) == ["plan.auth.member_outside"]


def test_a_coded_member_of_the_sibling_town_cannot_be_renamed_or_reweighted() -> None:
    assert refusals(OWN, [Member("y01", "孙七七", "sq", Role.CADRE)]) == ["plan.auth.member_outside"]
    assert refusals(OWN, [Member("y01", "孙七", "sq", Role.CADRE, weight=3.0)]) == ["plan.auth.member_outside"]


def test_the_sibling_town_or_the_county_cannot_be_renamed_or_re_leveled() -> None:
    assert refusals([*OWN, Unit("ymz", "元木镇（撤）", "town", "bydz")], []) == ["plan.auth.unit_outside"]
    assert refusals([Unit("county", "县卫健局", "city"), *OWN], []) == ["plan.auth.unit_outside"]


def test_the_same_changes_inside_the_subtree_pass() -> None:
    renamed = [Unit("bydz", "白洋渡镇", "town"), Unit("sq", "双泉新村", "hamlet", "bydz")]
    assert refusals(renamed, [Member("王五", "王五", "sq", Role.CADRE, weight=2.0)]) == []
