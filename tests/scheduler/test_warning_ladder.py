"""The warning ladder over three checkpoints (issue 11 §5), through the Runner, PTB and the emulator.

The example plan with `warnings: {yellow_after: 1, red_after: 2, public_after: 3}`: 张三 (七岭村) has
the only personal quota; 李书记 leads 七岭村, 郭镇长 白洋渡镇 above it, 陈主任 the county. A yellow card
goes to 张三 and 李书记; red to 郭镇长 as well; at the third checkpoint (the deadline) 张三 is named
in the group bulletins of 七岭村 and above — only when the campaign names cadres in bulletins.
Every step reaches each person once, across a restart and a crash between its record and its send.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.domain.warnings import WarningLevel
from scheduler.runner import Runner
from tests.example_plans import LADDER, with_plan
from tests.harness import SH, Harness, start_app, stop_app

NAMING = "  name_cadres_in_bulletin: true\n"
CHECKPOINT_60 = datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH)
CHECKPOINT_80 = datetime(2026, 12, 15, 18, 0, 30, tzinfo=SH)
DEADLINE = datetime(2027, 1, 5, 18, 0, 30, tzinfo=SH)


def own(h: Harness, user: dict[str, Any], word: str) -> list[str]:
    return [s.body for s in h.emu.sent(user["id"]) if f"{word}提醒" in s.body and "你已连续" in s.body]


def lists(h: Harness, user: dict[str, Any]) -> list[str]:
    return [s.body for s in h.emu.sent(user["id"]) if "分级提醒" in s.body]


async def people(h: Harness) -> tuple[dict[str, Any], ...]:
    return (
        await h.join("张三", 1001),
        await h.join("李书记", 2002),
        await h.join("郭镇长", 2001),
        await h.join("陈主任", 3001),
    )


async def test_a_member_who_misses_three_checkpoints_climbs_yellow_red_public(h: Harness) -> None:
    await with_plan(h, LADDER + NAMING)
    zhang, village, town, county = await people(h)
    village_group = await h.bound_group(village, -100901, "七岭村群")
    county_group = await h.bound_group(county, -100902, "县群")
    runner = Runner.create(h.services, h.app.bot)

    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    [yellow] = own(h, zhang, "黄牌")
    assert "🟨" in yellow
    assert "你已连续 1 个节点未达标（60%节点 12月5日）" in yellow
    [listed] = lists(h, village)
    assert "• 🟨 张三（七岭村）：黄牌，连续 1 个节点未达标" in listed
    assert lists(h, town) == []  # yellow stays with the unit's own leader
    assert lists(h, county) == []

    h.clock.set(CHECKPOINT_80)
    await runner.tick()
    [red] = own(h, zhang, "红牌")
    assert "🟥" in red
    assert "你已连续 2 个节点未达标（80%节点 12月15日）" in red
    assert len(lists(h, village)) == 2
    [town_list] = lists(h, town)  # red reaches the leader one level up
    assert "• 🟥 张三（七岭村）：红牌，连续 2 个节点未达标" in town_list
    assert lists(h, county) == []
    assert [s for s in h.emu.sent(village_group["id"]) if "📢" in s.body] == []  # nobody named before public

    h.clock.set(DEADLINE)
    await runner.tick()
    [public] = own(h, zhang, "通报")
    assert "你已连续 3 个节点未达标（100%节点 1月5日）" in public
    assert "工作群" in public
    assert "📢 张三（七岭村）" in lists(h, town)[-1]
    for group in (village_group, county_group):  # named in the group bulletin of their unit and above
        [named] = [s.body for s in h.emu.sent(group["id"]) if "📢" in s.body]
        assert "连续 3 个节点未达标：张三" in named
    steps = await h.services.warnings.steps(
        await h.services.directory.current_campaign(await h.services.directory.actor(county["id"]))
    )
    assert [(s.member_key, s.percent, s.level) for s in steps] == [
        ("张三", 60, WarningLevel.YELLOW),
        ("张三", 80, WarningLevel.RED),
        ("张三", 100, WarningLevel.PUBLIC),
    ]


async def test_without_naming_the_public_step_is_recorded_and_told_privately_but_no_group_names_anyone(
    h: Harness,
) -> None:
    await with_plan(h, LADDER)
    zhang, village, town, _ = await people(h)
    village_group = await h.bound_group(village, -100903, "七岭村群")
    runner = Runner.create(h.services, h.app.bot)
    for moment in (CHECKPOINT_60, CHECKPOINT_80, DEADLINE):
        h.clock.set(moment)
        await runner.tick()
    [public] = own(h, zhang, "通报")
    assert "工作群" not in public
    assert "📢 张三（七岭村）" in lists(h, town)[-1]  # the leaders still see it
    bulletins = [s.body for s in h.emu.sent(village_group["id"])]
    assert bulletins  # the final summary was posted …
    assert not [b for b in bulletins if "📢" in b or "张三" in b]  # … naming nobody


async def test_meeting_the_second_checkpoint_resets_the_ladder(h: Harness) -> None:
    await with_plan(h, LADDER)
    zhang, village, town, _ = await people(h)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    await h.say(zhang, "走访16 体检12")  # 80 % asks 16 visits and 12 checkups of 张三
    h.clock.set(CHECKPOINT_80)
    await runner.tick()
    assert len(own(h, zhang, "黄牌")) == 1
    assert own(h, zhang, "红牌") == []
    assert lists(h, town) == []
    h.clock.set(DEADLINE)
    await runner.tick()  # missed again: a new run of misses starts at yellow, not at public
    assert len(own(h, zhang, "黄牌")) == 2
    assert "你已连续 1 个节点未达标（100%节点 1月5日）" in own(h, zhang, "黄牌")[-1]
    assert own(h, zhang, "通报") == []
    assert len(lists(h, village)) == 2


async def test_each_step_reaches_each_person_once_across_a_restart(h: Harness) -> None:
    await with_plan(h, LADDER)
    zhang, village, _, _ = await people(h)
    h.clock.set(CHECKPOINT_60)
    await Runner.create(h.services, h.app.bot).tick()
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    await runner.tick()
    assert len(own(h, zhang, "黄牌")) == 1
    assert len(lists(h, village)) == 1


class Crash(BaseException):
    """The process dying: nothing in the scheduler catches it (it is no Exception)."""


async def test_a_crash_between_the_record_and_the_sends_sends_each_notice_once_after_the_restart(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await with_plan(h, LADDER)
    zhang, village, _, _ = await people(h)
    real = h.services.warnings.notices

    async def crashed(*args: Any, **kwargs: Any) -> Any:
        raise Crash

    monkeypatch.setattr(h.services.warnings, "notices", crashed)
    h.clock.set(CHECKPOINT_60)
    with pytest.raises(Crash):
        await Runner.create(h.services, h.app.bot).tick()
    assert own(h, zhang, "黄牌") == []  # recorded with the evaluation, not yet sent
    monkeypatch.setattr(h.services.warnings, "notices", real)
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    await runner.tick()
    await runner.tick()
    assert len(own(h, zhang, "黄牌")) == 1
    assert len(lists(h, village)) == 1
    assert (
        len(
            await h.services.warnings.steps(
                await h.services.directory.current_campaign(await h.services.directory.actor(zhang["id"]))
            )
        )
        == 1
    )


async def test_a_public_step_before_the_deadline_is_named_in_that_checkpoints_bulletin(h: Harness) -> None:
    await with_plan(h, "  warnings: {yellow_after: 1, red_after: 1, public_after: 2}\n" + NAMING)
    _, village, _, _ = await people(h)
    village_group = await h.bound_group(village, -100904, "七岭村群")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    assert not [s for s in h.emu.sent(village_group["id"]) if "📢" in s.body]
    h.clock.set(CHECKPOINT_80)
    await runner.tick()
    [named] = [s.body for s in h.emu.sent(village_group["id"]) if "📢" in s.body]
    assert "80%节点通报" in named
    assert "📢 连续 2 个节点未达标：张三（七岭村）" in named
