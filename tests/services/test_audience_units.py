"""Who hears of a unit's quota, on a real database (SPEC §5): the town of tests/services/towns.py gives
each village a visit quota of 20 and no cadre one of their own, so each village's quota reaches its one
cadre; at a checkpoint the town leader's list names the villages that missed though no member did."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services.audience import Audience

from .towns import Town, open_town


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    opened = await open_town(tmp_path)
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def test_each_cadre_is_reminded_of_their_villages_quota(town: Town) -> None:
    await town.report("甲一", 1, 10)  # 甲村 reaches its 50 % target of 10; 乙村 has 3 of 10
    await town.report("乙一", 1, 3)
    record = await town.campaign()
    loaded = await town.services.progress.load(record)
    m50, reach = record.campaign.milestones[0], Audience.reach(loaded)
    due = {r.member.name: Audience.reminder(loaded, reach, r, m50) for r in Audience.cadres(loaded)}
    assert not due["甲一"].due
    [share] = due["乙一"].shares
    assert (share.unit, share.task.remaining, share.people) == ("vb", 7, 1)
    assert due["乙一"].due
    assert due["乙一"].personal.raw_quota == 0


async def test_the_town_leaders_missed_list_names_the_villages(town: Town) -> None:
    await town.report("甲一", 1, 10)
    record = await town.campaign()
    loaded = await town.services.progress.load(record)
    leader = next(r for r in loaded.members.values() if r.member.name == "镇长")
    listed = Audience.missed(loaded, leader, record.campaign.milestones[0])
    assert [s.assignee.key for s in listed.units] == ["tz", "vb", "vc", "vd"]
    assert listed.members == []
    assert listed.violations == []
