"""Fixtures shared by the end-to-end and scheduler tests: emulator, clock, settings, a running bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.emulator import BotApiEmulator
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from bot.settings import Settings, load_settings
from tests.harness import ADMIN_ID, SH, Harness, start_app, stop_app


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 20, 10, 0, tzinfo=SH))


@pytest.fixture
def settings(emu: BotApiEmulator, tmp_path: Path) -> Settings:
    return load_settings(
        database_path=tmp_path / "campaign.db",
        bot_api_base_url=emu.base_url,
        admin_user_ids=(ADMIN_ID,),
        quiet_hours="",
    )


@pytest.fixture
async def h(emu: BotApiEmulator, settings: Settings, clock: ManualClock) -> AsyncIterator[Harness]:
    app = await start_app(emu, settings, clock)
    harness = Harness(emu, app, clock, settings)
    await harness.services.plans.import_plan(load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml"))
    try:
        yield harness
    finally:
        await stop_app(harness.app)
