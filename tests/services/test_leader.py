"""Quotas by leaders (SPEC §1, §3.1 /assign, /split) on a real SQLite file, no Telegram.

The example plan: 郭镇长 leads the town 白洋渡镇 (bydz: 七岭村 ql, 双泉村 sq, 青鹿居委会 qlj), 李书记 the
village 七岭村 (cadres 张三 and 李四); the sibling town 元木镇 (ymz) has 元木村 (ym). Visit quotas: bydz 100,
ql 40, 张三 20 — so bydz has 60 unassigned and ql 20. The policy lets a leader set quotas only strictly
below their own unit, and never outside their subtree; a refusal changes nothing and is not audited.
"""

from __future__ import annotations

import pytest

from bot.domain.errors import NotAllowed, OverAllocation
from bot.domain.model import Assignee
from bot.services.container import Services
from tests.services.example import actor, audited, campaign, services

__all__ = ["services"]


async def quotas(services: Services, task: str) -> dict[str, int]:
    """Every explicit quota of `task`, by assignee key."""
    loaded = await services.progress.load(await campaign(services))
    return {a.key: n for (a, t), n in loaded.quotas.items() if t == task}


async def test_a_town_leader_sets_the_quota_of_a_village_in_the_town(services: Services) -> None:
    town = await actor(services, "郭镇长")
    assignee, name = await services.leader.assign(town, await campaign(services), "sq", "visit", 30)
    assert (assignee, name) == (Assignee.unit("sq"), "双泉村")
    assert (await quotas(services, "visit"))["sq"] == 30
    assert (await audited(services)).count("quota_assign") == 1


async def test_a_member_below_is_named_by_name_and_gets_the_quota(services: Services) -> None:
    town = await actor(services, "郭镇长")
    assignee, name = await services.leader.assign(town, await campaign(services), "王五", "visit", 8)
    assert (assignee, name) == (Assignee.member("王五"), "王五")
    assert (await quotas(services, "visit"))["王五"] == 8


async def test_more_than_the_town_has_left_is_refused_with_the_numbers(services: Services) -> None:
    town = await actor(services, "郭镇长")
    before = await quotas(services, "visit")
    with pytest.raises(OverAllocation) as refused:
        await services.leader.assign(town, await campaign(services), "sq", "visit", 70)
    assert refused.value.params["available"] == 60  # bydz 100 − ql 40
    assert await quotas(services, "visit") == before
    assert "quota_assign" not in await audited(services)


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("ym", "error.out_of_scope"),  # a village of the sibling town
        ("ymz", "error.out_of_scope"),  # the sibling town itself
        ("county", "error.out_of_scope"),  # the county above him
        ("孙七", "error.out_of_scope"),  # a cadre of the sibling town
        ("bydz", "error.own_level"),  # his own unit: its quota is set from above
    ],
)
async def test_a_quota_outside_the_leaders_reach_is_refused_and_nothing_changes(
    services: Services, target: str, refusal: str
) -> None:
    town = await actor(services, "郭镇长")
    before = await quotas(services, "visit")
    with pytest.raises(NotAllowed) as refused:
        await services.leader.assign(town, await campaign(services), target, "visit", 5)
    assert (refused.value.key, refused.value.params) == (refusal, {"code": target})
    assert await quotas(services, "visit") == before
    assert "quota_assign" not in await audited(services)


async def test_a_cadre_sets_no_quota(services: Services) -> None:
    cadre = await actor(services, "张三")
    with pytest.raises(NotAllowed) as refused:
        await services.leader.assign(cadre, await campaign(services), "李四", "visit", 5)
    assert refused.value.key == "error.not_leader"
    with pytest.raises(NotAllowed) as refused:
        await services.leader.split(cadre, await campaign(services), "visit", "even")
    assert refused.value.key == "error.not_leader"


async def test_an_even_split_shares_what_the_town_left_unassigned_among_its_villages(services: Services) -> None:
    town = await actor(services, "郭镇长")
    result = await services.leader.split(town, await campaign(services), "visit", "even")
    # 60 unassigned, three villages: 20 each, on top of what each had (the town head gets no share)
    assert result.shares == {
        Assignee.unit("ql"): (20, 60),
        Assignee.unit("sq"): (20, 20),
        Assignee.unit("qlj"): (20, 20),
    }
    assert list(result.names.values()) == ["七岭村", "双泉村", "青鹿居委会"]
    after = await quotas(services, "visit")
    assert (after["bydz"], after["ql"], after["sq"], after["qlj"]) == (100, 60, 20, 20)
    assert "ym" not in after  # the sibling town is untouched
    assert after["ymz"] == 64
    assert (await audited(services)).count("quota_split") == 1


async def test_a_village_leader_splits_only_inside_the_village(services: Services) -> None:
    village = await actor(services, "李书记")
    result = await services.leader.split(village, await campaign(services), "visit", "even")
    # ql 40 − 张三 20 = 20 left, between the two cadres (the leader 李书记 gets none)
    assert result.shares == {Assignee.member("张三"): (10, 30), Assignee.member("李四"): (10, 10)}
    after = await quotas(services, "visit")
    assert (after["ql"], after["张三"], after["李四"]) == (40, 30, 10)
    assert "sq" not in after
    assert "李书记" not in after
