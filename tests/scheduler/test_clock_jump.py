"""A clock jump cannot burn milestones (issue 8 D): between ticks the scheduler compares how far the
wall clock moved with how much (monotonic) time passed; on a jump it says so loudly and runs
nothing irreversible until the two have agreed for a while. The ManualClock drives both."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from bot.storage.outbox import OutboxRepo
from scheduler.runner import Runner
from tests.harness import SH, Harness
from tests.reading import reminders


async def states(h: Harness) -> list[str]:
    return [r.state for r in await OutboxRepo(h.services.db.reader).by_key_prefix(f"{await h.campaign_id()}:")]


async def test_one_tick_with_the_clock_18_days_ahead_burns_no_milestone(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    county, zhang = await h.join("陈主任", 3001), await h.join("张三", 1001)
    group = await h.bound_group(county, -100800, "县群")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2026, 11, 20, 10, 0, 30, tzinfo=SH))
    await runner.tick()
    with caplog.at_level(logging.WARNING):
        h.clock.jump(days=18)  # 12-08: past the 60 % due date, though only seconds passed
        await runner.tick()
    assert not [s for s in h.emu.sent(group["id"]) if "节点通报" in s.body]
    assert not [s for s in h.emu.sent(county["id"]) if "未达标人员" in s.body]
    assert "missed" not in await states(h)
    assert reminders(h, zhang["id"]) == []
    assert [r for r in caplog.records if r.levelno == logging.WARNING and "clock" in r.getMessage().lower()]
    h.clock.jump(days=-18)  # the operator puts the clock right
    await runner.tick()
    for _ in range(12):  # time passes normally
        h.clock.advance(minutes=1)
        await runner.tick()
    for day in (2, 4, 5):
        h.clock.set(datetime(2026, 12, day, 9, 0, 30, tzinfo=SH))
        await runner.tick()
    sent = reminders(h, zhang["id"])
    # On time, as if the jump never happened: Wednesday's and Friday's (Saturday 12-05's moved onto it)
    assert len(sent) == 2
    assert not [r for r in sent if "补发" in r]
    h.clock.set(datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH))
    await runner.tick()
    assert len([s for s in h.emu.sent(group["id"]) if "60%节点通报" in s.body and not s.photo]) == 1
    [missed] = [s.body for s in h.emu.sent(county["id"]) if "未达标人员" in s.body]
    assert "张三" in missed
    assert "missed" not in await states(h)


async def test_after_a_jump_nothing_runs_until_the_clock_has_agreed_for_ten_minutes(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2026, 12, 2, 8, 50, tzinfo=SH))
    await runner.tick()
    h.clock.jump(hours=2)  # the 09:00 reminder is due by the wall clock
    await runner.tick()
    for minutes in (1, 4, 4):
        h.clock.advance(minutes=minutes)
        await runner.tick()
        assert reminders(h, zhang["id"]) == []
    h.clock.advance(minutes=2)  # eleven minutes of agreeing time
    await runner.tick()
    assert len(reminders(h, zhang["id"])) == 1


async def test_a_small_correction_of_the_clock_holds_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2026, 12, 2, 9, 0, 0, tzinfo=SH))
    await runner.tick()
    h.clock.jump(seconds=40)  # NTP steps a clock that was 40 s slow
    await runner.tick()
    assert len(reminders(h, zhang["id"])) == 1
