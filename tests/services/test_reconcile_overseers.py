"""A 核查 discrepancy in a unit without a leader of its own is told to the nearest leader above it (issue 11
§4 "tells each unit leader concerned privately"; SPEC §9: no notice left with nobody). In the example
plan 双泉村 has no leader: the county's 陈主任 checks 王五 there and finds fewer than reported, so the town's
郭镇长 hears of it — before, nobody did."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.domain.reconcile import SourceRow
from tests.example_plans import LEADERLESS_VILLAGE

from .warning_world import USERS, Example, open_example, plan_with

JOINED = {**USERS, "王五": 1003}


@pytest.fixture
async def example(tmp_path: Path) -> AsyncIterator[Example]:
    opened = await open_example(tmp_path, plan=plan_with("", LEADERLESS_VILLAGE), users=JOINED)
    try:
        yield opened
    finally:
        await opened.services.db.close()


def row(who: str, count: int) -> SourceRow:
    return SourceRow(2, "A2", who, "走访", count, "县卫健局抽查", date(2026, 11, 20))


async def told(example: Example, who: str, count: int, uploader: str) -> dict[int, list[str]]:
    actor = await example.services.directory.actor(JOINED[uploader])
    outcome = await example.services.reconcile.reconcile(actor, await example.record(), [row(who, count)], "1:1")
    assert outcome.problems == []
    return {n.chat_id: [ln.assignee.key for ln in n.lines] for n in outcome.notices}


async def test_a_discrepancy_in_a_village_without_a_leader_is_told_to_the_town_leader(example: Example) -> None:
    await example.report("王五", 1, "走访4")
    assert await told(example, "王五", 1, "陈主任") == {JOINED["郭镇长"]: ["王五"]}


async def test_a_discrepancy_in_a_village_with_its_leader_is_told_to_that_leader_only(example: Example) -> None:
    await example.report("张三", 1, "走访4")
    assert await told(example, "张三", 1, "陈主任") == {JOINED["李书记"]: ["张三"]}


async def test_the_uploader_who_is_the_nearest_leader_is_not_told_again(example: Example) -> None:
    await example.report("王五", 1, "走访4")
    assert await told(example, "王五", 1, "郭镇长") == {}
