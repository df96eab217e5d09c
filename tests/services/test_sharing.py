"""Groups on a real database, without Telegram (SPEC §3.1 /bindgroup): a leader binds a group to
their unit, never takes one over from a unit outside their scope, and the binding follows the group
when it becomes a supergroup and ends when the bot is removed.

The town of tests/services/towns.py: 镇长 leads 潭镇 (tz), 甲书记 甲村 (va), 乙书记 乙村 (vb).
"""

from __future__ import annotations

import pytest

from bot.domain.errors import NotAllowed
from bot.storage.groups import BoundGroup, GroupRepo

from .towns import Town

GROUP, SUPERGROUP = -200, -1001000000200


async def bound(town: Town, chat_id: int) -> BoundGroup | None:
    return await GroupRepo(town.services.db.reader).get(chat_id)


async def member_id(town: Town, name: str) -> int:
    actor = await town.actor(name)
    assert actor.member_id is not None
    return actor.member_id


async def test_a_leader_binds_a_group_to_their_own_unit(town: Town) -> None:
    village = await town.actor("甲书记")
    binding = await town.services.sharing.bind_group(village, await town.campaign(), GROUP)
    assert (binding.unit_name, binding.replaced, binding.replaced_unit_name) == ("甲村", None, None)
    assert await bound(town, GROUP) == BoundGroup(GROUP, "va", await member_id(town, "甲书记"))
    assert await town.services.sharing.is_bound(GROUP)
    assert len(await town.audited("group_bind")) == 1


async def test_a_group_bound_to_a_village_outside_the_leaders_scope_is_refused_and_kept(town: Town) -> None:
    record = await town.campaign()
    await town.services.sharing.bind_group(await town.actor("甲书记"), record, GROUP)
    with pytest.raises(NotAllowed) as refused:
        await town.services.sharing.bind_group(await town.actor("乙书记"), record, GROUP)
    assert (refused.value.key, refused.value.params) == ("error.group_bound_elsewhere", {"unit": "甲村"})
    assert await bound(town, GROUP) == BoundGroup(GROUP, "va", await member_id(town, "甲书记"))
    assert len(await town.audited("group_bind")) == 1  # the refusal is not a binding


async def test_the_town_leader_takes_over_a_group_of_a_village_in_the_town(town: Town) -> None:
    record = await town.campaign()
    await town.services.sharing.bind_group(await town.actor("甲书记"), record, GROUP)
    binding = await town.services.sharing.bind_group(await town.actor("镇长"), record, GROUP)
    assert binding.unit_name == "潭镇"
    assert binding.replaced is not None
    assert binding.replaced.member.name == "甲书记"
    assert binding.replaced_unit_name == "甲村"
    assert await bound(town, GROUP) == BoundGroup(GROUP, "tz", await member_id(town, "镇长"))


async def test_a_cadre_binds_no_group(town: Town) -> None:
    with pytest.raises(NotAllowed) as refused:
        await town.services.sharing.bind_group(await town.actor("甲一"), await town.campaign(), GROUP)
    assert refused.value.key == "error.not_leader"
    assert not await town.services.sharing.is_bound(GROUP)


async def test_a_group_that_became_a_supergroup_keeps_its_binding(town: Town) -> None:
    await town.services.sharing.bind_group(await town.actor("甲书记"), await town.campaign(), GROUP)
    await town.services.sharing.group_migrated(GROUP, SUPERGROUP)
    assert await bound(town, SUPERGROUP) == BoundGroup(SUPERGROUP, "va", await member_id(town, "甲书记"))
    assert not await town.services.sharing.is_bound(GROUP)


async def test_a_group_the_bot_was_removed_from_is_unbound(town: Town) -> None:
    await town.services.sharing.group_joined(GROUP)
    await town.services.sharing.bind_group(await town.actor("甲书记"), await town.campaign(), GROUP)
    await town.services.sharing.group_left(GROUP)
    assert not await town.services.sharing.is_bound(GROUP)
    # nor is it waited on as an unbound group the bot is still in
    assert await town.services.sharing.unbound_groups(town.clock()) == []


async def test_only_a_bound_group_is_bound(town: Town) -> None:
    await town.services.sharing.group_joined(GROUP)  # added, but nobody bound it yet
    assert not await town.services.sharing.is_bound(GROUP)
    assert not await town.services.sharing.is_bound(SUPERGROUP)  # never seen
    await town.services.sharing.bind_group(await town.actor("乙书记"), await town.campaign(), GROUP)
    assert await town.services.sharing.is_bound(GROUP)
