"""Warnings switched on mid-campaign (issue 11 §5) count forward only, through the Runner, PTB and the
emulator: 张三 (七岭村, the example plan's only personal quota) misses 60 % and 80 % while the campaign
has no warnings; the leader then re-imports the plan with the ladder. /laggards marks nobody, and the
deadline's miss is his first counted one: a yellow card to him and to 李书记, not a public one."""

from __future__ import annotations

from datetime import datetime

from scheduler.runner import Runner
from tests.example_plans import LADDER, with_plan
from tests.harness import SH, Harness

CHECKPOINT_60 = datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH)
CHECKPOINT_80 = datetime(2026, 12, 15, 18, 0, 30, tzinfo=SH)
SWITCHED_ON = datetime(2026, 12, 16, 9, 0, tzinfo=SH)
DEADLINE = datetime(2027, 1, 5, 18, 0, 30, tzinfo=SH)


def person_line(body: str) -> str:
    return next(line for line in body.splitlines() if "张三：" in line)


async def test_warnings_switched_on_after_two_misses_give_a_yellow_card_at_the_next(h: Harness) -> None:
    zhang, village = await h.join("张三", 1001), await h.join("李书记", 2002)
    runner = Runner.create(h.services, h.app.bot)
    for checkpoint in (CHECKPOINT_60, CHECKPOINT_80):
        h.clock.set(checkpoint)
        await runner.tick()
    h.clock.set(SWITCHED_ON)
    await with_plan(h, LADDER)
    [reply] = await h.say(village, "/laggards")
    assert person_line(reply.body).startswith("• 张三：还差")  # no card for misses before the rule
    h.clock.set(DEADLINE)
    await runner.tick()
    cards = [s.body for s in h.emu.sent(zhang["id"]) if "你已连续" in s.body]
    assert len(cards) == 1
    assert "黄牌提醒" in cards[0]
    assert "你已连续 1 个节点未达标（100%节点 1月5日）" in cards[0]
    [listed] = [s.body for s in h.emu.sent(village["id"]) if "分级提醒" in s.body]
    assert "• 🟨 张三（七岭村）：黄牌，连续 1 个节点未达标" in listed
