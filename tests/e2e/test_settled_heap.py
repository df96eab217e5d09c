"""The running bot keeps what start-up built out of the garbage collector's full passes (issue 8):
a full collection walks every tracked object, and the modules, texts and services a bot starts with
(≈ 130,000 objects) live as long as the process; each full pass walked them all, ≈ 0.1 s on the
benchmark's machine, landing on whichever report was being handled. Only `campaign-bot run` (and the
benchmark, which starts the bot the same way) settles its heap: a test process starts many bots."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.chat.app import CampaignApp, build_app
from bot.emulator import BotApiEmulator
from bot.services.clock import ManualClock
from bot.settings import Settings


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    try:
        yield
    finally:
        gc.unfreeze()  # what this test froze is collected as usual again


async def started(app: CampaignApp) -> None:
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)


async def stopped(app: CampaignApp) -> None:
    assert app.post_shutdown is not None
    await app.shutdown()
    await app.post_shutdown(app)


@pytest.mark.usefixtures("unfrozen")
async def test_the_running_bots_start_up_is_kept_out_of_full_collections(
    emu: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    app = build_app(settings, clock=clock, token=emu.token, with_scheduler=False, settle_heap=True)
    await started(app)
    try:
        assert gc.get_freeze_count() > 10_000  # the imports and the services, at least
    finally:
        await stopped(app)


@pytest.mark.usefixtures("unfrozen")
async def test_a_bot_started_by_a_test_leaves_the_collector_alone(
    emu: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    app = build_app(settings, clock=clock, token=emu.token, with_scheduler=False)
    await started(app)
    try:
        assert gc.get_freeze_count() == 0
    finally:
        await stopped(app)
