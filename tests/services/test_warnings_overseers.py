"""Graduated warnings reach a leader even when the member's own unit has none (issue 11 §5; SPEC §9: no
notice silently dropped). The example plan's 双泉村 has no leader: 王五 there (with 钱九) gets a quota, so
a missed checkpoint's yellow note goes to the nearest leader up the chain, 白洋渡镇's 郭镇长, and red also
to the county's 陈主任 — where before the yellow went to no leader at all and the red only to the town."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.example_plans import LEADERLESS_VILLAGE

from .warning_world import LADDER, USERS, Example, open_example, plan_with

WANG = {**USERS, "王五": 1003}


@pytest.fixture
async def example(tmp_path: Path) -> AsyncIterator[Example]:
    opened = await open_example(tmp_path, plan=plan_with(LADDER, LEADERLESS_VILLAGE), users=WANG)
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def told(example: Example, index: int) -> dict[str, list[str]]:
    """Recipient → the warned members listed to them (their own note: themself)."""
    record = await example.record()
    loaded = await example.services.progress.load(record)
    out: dict[str, list[str]] = {}
    for n in await example.services.warnings.notices(record, loaded, record.campaign.milestones[index]):
        listed = [n.own.member.member.name] if n.own is not None else [w.member.member.name for w in n.listed]
        out.setdefault(n.recipient.member.name, []).extend(listed)
    return out


async def test_a_yellow_in_a_village_without_a_leader_is_told_to_the_town_leader(example: Example) -> None:
    await example.judge(0)
    notes = await told(example, 0)
    assert notes["王五"] == ["王五"]
    assert "王五" in notes["郭镇长"]
    assert "王五" not in notes.get("陈主任", [])  # yellow stays with the nearest leader


async def test_a_red_in_a_village_without_a_leader_also_reaches_the_county(example: Example) -> None:
    await example.judge(0)
    await example.judge(1)
    notes = await told(example, 1)
    assert "王五" in notes["郭镇长"]
    assert "王五" in notes["陈主任"]


async def test_a_village_with_its_own_leader_is_told_as_before(example: Example) -> None:
    await example.judge(0)
    notes = await told(example, 0)
    assert "张三" in notes["李书记"]
    assert "张三" not in notes["郭镇长"]


CO_LEADER = {**USERS, "赵副书记": 2003}


async def test_a_leaders_warning_goes_to_the_leader_above_not_to_his_co_leader(tmp_path: Path) -> None:
    """李书记 has a quota of his own and misses the checkpoint. 赵副书记 leads 七岭村 with him: co-leaders
    never judge each other (review, leave, quotas), so the note goes to 白洋渡镇's 郭镇长, not to 赵副书记."""
    plan = EXAMPLE_PLAN_YAML.replace(
        "  - {name: 李书记, unit: ql, role: leader}\n",
        "  - {name: 李书记, unit: ql, role: leader}\n  - {name: 赵副书记, unit: ql, role: leader}\n",
    ).replace(
        "  - {assignee: 张三,   visit: 20,  checkup: 15}\n",
        "  - {assignee: 张三,   visit: 20,  checkup: 15}\n  - {assignee: 李书记, visit: 10}\n",
    )
    example = await open_example(tmp_path, plan=plan_with(LADDER, plan), users=CO_LEADER)
    try:
        await example.judge(0)
        notes = await told(example, 0)
        assert "李书记" in notes["李书记"]  # he missed: his own note
        assert "李书记" in notes.get("郭镇长", [])
        assert "李书记" not in notes.get("赵副书记", [])
    finally:
        await example.services.db.close()
