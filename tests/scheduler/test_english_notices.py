"""An English-speaking leader's digest from the scheduler reads as English: its lists are joined with
", ", never the Chinese "、" (SPEC §3.1, §5). Real PTB, the emulator, ticks driven by the test."""

from __future__ import annotations

from datetime import datetime

from scheduler.runner import Runner
from tests.harness import SH, Harness

REMINDER_DAY = datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH)  # 3 days before the 60 % checkpoint, 09:00


async def test_an_english_leaders_digest_joins_names_and_tasks_with_commas(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    await h.say(town, "/lang en")
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(REMINDER_DAY)
    await runner.tick()
    await h.emu.settle(quiet=0.3)
    digests = [s.body for s in h.emu.sent(town["id"]) if "checkpoint" in s.body]
    assert digests, [s.body for s in h.emu.sent(town["id"])]
    text = "\n".join(digests)
    assert "、" not in text
    assert "• 张三: needs 入户走访 12, 健康体检 9" in text  # two tasks
    [unreachable] = [line for line in text.splitlines() if line.startswith("Unreachable")]
    names = unreachable.removeprefix("Unreachable (not joined or blocked the bot): ").split(", ")
    assert sorted(names) == sorted(["赵六", "王五", "李四", "李书记"])  # several names, comma-joined
    [reminder] = [s.body for s in h.emu.sent(zhang["id"]) if "still need" in s.body]
    assert "走访 5 体检 3" in reminder  # the campaign's own example, in the English form
