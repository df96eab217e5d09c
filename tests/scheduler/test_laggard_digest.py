"""The leader's reminder digest lists laggards by the one laggard rule (SPEC §5): short of a target and
behind pace, grouped by level, with what each still needs."""

from __future__ import annotations

from datetime import datetime

from scheduler.runner import Runner
from tests.harness import SH, Harness

REMIND_60 = datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH)  # 51.4 % expected


def digests(h: Harness, user_id: int) -> list[str]:
    return [s.body for s in h.emu.sent(user_id) if "落后名单" in s.body or "behind pace" in s.body]


async def test_a_cadre_ahead_of_pace_is_not_in_the_digest_though_short_of_a_target(h: Harness) -> None:
    zhang = await h.join("张三", 1001)  # visit 20, checkup 15: targets 12 and 9
    town = await h.join("郭镇长", 2001)
    await h.say(zhang, "走访20 体检5")  # 25/35 = 71 %: ahead, though 4 checkups short of 9
    h.clock.set(REMIND_60)
    runner = Runner.create(h.services, h.app.bot)
    await runner.tick()
    [digest] = digests(h, town["id"])
    assert "张三" not in digest
    assert "领先" not in digest
    assert "正常" not in digest
    # 25/70 = 36 %: behind pace, under its level's heading
    assert "<b>村（社区）</b>（1）：\n• 七岭村：还差 入户走访 4、健康体检 13（有风险）" in digest
