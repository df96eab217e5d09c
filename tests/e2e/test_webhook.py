"""Webhook mode: PTB's webhook server behind the emulator's delivery, secret token enforced."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.chat.app import CampaignApp, build_app
from bot.emulator import BotApiEmulator
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from bot.settings import Settings
from bot.texts import t
from tests.harness import Harness, total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def hooked(emu: BotApiEmulator, settings: Settings, clock: ManualClock) -> AsyncIterator[tuple[Harness, int]]:
    app: CampaignApp = build_app(settings, clock=clock, token=emu.token, with_scheduler=False)
    port = free_port()
    await app.initialize()
    assert app.post_init is not None
    assert app.post_shutdown is not None
    assert app.updater is not None
    await app.post_init(app)
    await app.start()
    await app.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="telegram",
        secret_token="s3cret",
        webhook_url=f"http://127.0.0.1:{port}/telegram",
    )
    harness = Harness(emu, app, clock, settings)
    await harness.services.plans.import_plan(load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml"))
    try:
        yield harness, port
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await app.post_shutdown(app)


async def test_updates_arrive_through_the_webhook(hooked: tuple[Harness, int]) -> None:
    h, _ = hooked
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "走访5")
    assert "+5" in ack.body
    assert any(c.method == "webhook" and c.status == 200 for c in h.emu.calls)


@pytest.mark.parametrize("secret", [None, "wrong"])
async def test_a_webhook_post_without_the_right_secret_is_refused_and_writes_nothing(
    hooked: tuple[Harness, int], secret: str | None
) -> None:
    h, port = hooked
    await h.join("张三", 1001)
    forged = {
        "update_id": 999_999,
        "message": {
            "message_id": 77,
            "date": 0,
            "text": "走访50",
            "chat": {"id": 1001, "type": "private"},
            "from": {"id": 1001, "is_bot": False, "first_name": "张三"},
        },
    }
    headers = {"Content-Type": "application/json"} | ({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {})
    url = f"http://127.0.0.1:{port}/telegram"
    # async client: the webhook server shares this event loop
    async with aiohttp.ClientSession() as session, session.post(url, data=json.dumps(forged), headers=headers) as r:
        assert r.status == 403
    await h.emu.settle()
    campaign = await h.campaign_id()
    async with h.services.db.reader.execute("SELECT COUNT(*) FROM reports WHERE campaign_id = ?", (campaign,)) as c:
        row = await c.fetchone()
    assert row is not None
    assert row[0] == 0


async def test_a_webhook_update_delivered_twice_counts_once_and_is_answered_once(
    hooked: tuple[Harness, int],
) -> None:
    h, _ = hooked
    zhang = await h.join("张三", 1001)
    h.emu.inject_fault("webhook", "timeout")  # Telegram never sees the bot's 200: it delivers the update again
    message = h.emu.send_text(zhang, "走访5")
    update_id = max(h.emu.world.delivered)

    def deliveries() -> list[int]:
        return [c.status for c in h.emu.calls if c.method == "webhook" and c.params["update_id"] == update_id]

    for _ in range(600):  # in webhook mode nothing is confirmed after processing: watch the deliveries
        if len(deliveries()) == 2:
            break
        await asyncio.sleep(0.05)
    await h.emu.wait_for_sent(zhang["id"], lambda s: s.reply_to == message["message_id"])
    await h.emu.settle(quiet=1.5)  # a second answer would come a second behind the first (per-chat pacing)
    assert deliveries() == [504, 200]  # the same update reached the bot twice …
    replies = [s.body for s in h.emu.sent(zhang["id"]) if s.reply_to == message["message_id"]]
    # … and was answered once: the acknowledgement it owes was owed (and sent) by the first delivery
    assert len(replies) == 1, replies
    assert replies[0].startswith(t("zh", "report.recorded_header")), replies
    assert await total(h, "张三", "visit") == 5
    async with h.services.db.reader.execute(
        "SELECT COUNT(*) FROM reports WHERE chat_id = ? AND message_id = ?", (zhang["id"], message["message_id"])
    ) as c:
        row = await c.fetchone()
    assert row is not None  # one ledger entry for the message
    assert row[0] == 1
