"""What a plan may change in the shared organisation, judged on the stored tree (pure domain)."""

from __future__ import annotations

from bot.domain.model import Member, Role, Unit
from bot.domain.plan_authority import Organisation, placed, plan_refusals
from bot.domain.policy import OPERATOR, ActorFacts

ORG = Organisation(
    units={
        u.code: u
        for u in (
            Unit("county", "县卫健局", "county"),
            Unit("bydz", "白洋渡镇", "town", "county"),
            Unit("ql", "七岭村", "village", "bydz"),
            Unit("ymz", "元木镇", "town", "county"),
        )
    },
    members={
        m.key: m
        for m in (
            Member("陈主任", "陈主任", "county", Role.LEADER),
            Member("郭镇长", "郭镇长", "bydz", Role.LEADER),
            Member("张三", "张三", "ql", Role.CADRE),
        )
    },
)
COUNTY = ActorFacts(leads=frozenset({"county"}))
TOWN = ActorFacts(leads=frozenset({"bydz"}))


def keys(
    actor: ActorFacts, units: list[Unit], members: list[Member] | None = None, dropped: tuple[Member, ...] = ()
) -> list[str]:
    return [r.key for r in plan_refusals(actor, ORG, units, members or [], dropped=dropped)]


def test_a_root_of_the_file_keeps_its_place_in_the_organisation() -> None:
    assert placed([Unit("bydz", "白洋渡镇", "town")], ORG) == [Unit("bydz", "白洋渡镇", "town", "county")]
    assert placed([Unit("new", "新单位", "town")], ORG) == [Unit("new", "新单位", "town")]


def test_a_leader_may_add_and_rename_units_below_their_own() -> None:
    units = [
        Unit("bydz", "白洋渡镇（新）", "town"),
        Unit("ql", "七岭村", "village", "bydz"),
        Unit("xc", "新村", "v", "ql"),
    ]
    assert keys(TOWN, units) == []


def test_a_new_top_level_unit_is_nobodys_but_the_admins() -> None:
    assert keys(TOWN, [Unit("new", "新单位", "town")]) == ["plan.auth.unit_outside"]
    assert keys(OPERATOR, [Unit("new", "新单位", "town")]) == []


def test_a_unit_hung_below_a_new_root_is_moved_out_of_the_subtree() -> None:
    units = [Unit("new", "新单位", "town"), Unit("ql", "七岭村", "village", "new")]
    assert keys(TOWN, units) == ["plan.auth.unit_outside", "plan.auth.unit_moved_out"]


def test_a_loop_through_the_stored_tree_is_refused_even_for_the_operator() -> None:
    # The file draws 白洋渡镇 under 七岭村; the stored tree has 七岭村 under 白洋渡镇.
    units = [Unit("ql", "七岭村", "village"), Unit("bydz", "白洋渡镇", "town", "ql")]
    assert keys(COUNTY, units) == ["plan.auth.cycle"]
    assert keys(OPERATOR, units) == ["plan.auth.cycle"]


def test_listing_oneself_unchanged_is_no_promotion_but_a_new_peer_leader_is() -> None:
    units = [Unit("bydz", "白洋渡镇", "town")]
    guo = Member("郭镇长", "郭镇长", "bydz", Role.LEADER)
    assert keys(TOWN, units, [guo]) == []
    peer = Member("新镇长", "新镇长", "bydz", Role.LEADER)
    assert keys(TOWN, units, [guo, peer]) == ["plan.auth.leader_too_high"]


def test_dropping_someone_outside_the_subtree_from_a_campaign_is_refused() -> None:
    units = [Unit("bydz", "白洋渡镇", "town")]
    dropped = (ORG.members["陈主任"], ORG.members["张三"])
    assert keys(TOWN, units, dropped=dropped) == ["plan.auth.member_removed"]
