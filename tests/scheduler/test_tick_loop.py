"""The tick keeps its pace whatever the wall clock does (issue 8 D): it is timed by the event loop's
monotonic clock. A scheduler that waits for a wall-clock moment (APScheduler's interval) stops for
as long as the clock was put back — 18 days after the clock came back from 18 days ahead."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from bot.chat.app import BackgroundPoll, build_app
from bot.emulator import BotApiEmulator
from bot.services.clock import ManualClock
from bot.settings import Settings
from scheduler.runner import Runner


class _Wall:
    """The machine's wall clock as the job queue reads it, which the test can put back."""

    offset = dtm.timedelta(0)


class _JumpingDatetime(dtm.datetime):
    @classmethod
    def now(cls, tz: dtm.tzinfo | None = None) -> dtm.datetime:  # type: ignore[override]
        return dtm.datetime.now(tz) + _Wall.offset


async def _until(condition: Callable[[], bool], what: str) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(what)


async def test_ticks_go_on_after_the_wall_clock_is_put_back(
    emu: BotApiEmulator, settings: Settings, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in ("apscheduler.schedulers.base", "apscheduler.triggers.interval", "apscheduler.triggers.date"):
        monkeypatch.setattr(f"{module}.datetime", _JumpingDatetime)
    monkeypatch.setattr("telegram.ext._jobqueue.dtm", SimpleNamespace(**{**vars(dtm), "datetime": _JumpingDatetime}))
    monkeypatch.setattr(_Wall, "offset", dtm.timedelta(0))
    monkeypatch.setattr("scheduler.TICK", 0.05)
    ticks: list[int] = []
    real_tick = Runner.tick

    async def counted(self: Runner) -> int:
        ticks.append(1)
        return await real_tick(self)

    monkeypatch.setattr(Runner, "tick", counted)
    polling = BackgroundPoll(build_app(settings, clock=clock, token=emu.token))  # with the scheduler
    await polling.start()
    try:
        await _until(lambda: len(ticks) >= 3, "the scheduler never ticked")
        _Wall.offset = -dtm.timedelta(days=18)  # the operator puts a clock 18 days ahead right
        seen = len(ticks)
        await _until(lambda: len(ticks) >= seen + 3, "the scheduler stopped ticking when the clock went back")
    finally:
        await polling.stop()
