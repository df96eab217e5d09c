"""The outbox acts on `maybe_delivered` (issue 8 E): a request that never left is tried again and
the notification arrives once; one that may have arrived is `uncertain` and never sent again."""

from __future__ import annotations

import socket
from datetime import datetime

from telegram import Bot
from telegram.error import NetworkError

from bot.storage.outbox import OutboxRepo
from scheduler.outbox import Outbox, Target
from tests.harness import SH, Harness


async def refused_connection(token: str) -> NetworkError:
    with socket.socket() as probe:  # a free port, closed again: connecting to it is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = Bot(token, base_url=f"http://127.0.0.1:{port}/bot")
    try:
        await bot.initialize()  # its getMe is the first request
    except NetworkError as error:
        return error
    finally:
        await bot.shutdown()
    raise AssertionError("a closed port accepted a connection")


async def no_sleep(_: float) -> None:
    pass


def target(key: str) -> Target:
    return Target(key, 1, "reminder", 60, "m1", datetime(2026, 12, 2, 9, 0, tzinfo=SH))


async def test_a_refused_connection_is_tried_again_and_the_notification_arrives_once(h: Harness) -> None:
    user = h.emu.user(1001, "张三")
    h.emu.send_text(user, "hi")  # the user started the bot
    await h.emu.wait_for_sent(user["id"])
    outbox, error = Outbox(h.services.notifications, no_sleep), await refused_connection(h.emu.token)
    attempts: list[int] = []

    async def send() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise error
        return int((await h.app.bot.send_message(user["id"], "提醒")).message_id)

    assert await outbox.deliver(target("1:reminder:60:m1:2026-12-02"), send) == "sent"
    assert len(attempts) == 2
    assert [s.body for s in h.emu.sent(user["id"]) if s.body == "提醒"] == ["提醒"]


async def test_a_bad_gateway_may_have_delivered_it_so_it_is_uncertain_and_not_sent_again(h: Harness) -> None:
    user = h.emu.user(1001, "张三")
    h.emu.send_text(user, "hi")  # the user started the bot
    await h.emu.wait_for_sent(user["id"])
    h.emu.inject_fault("sendMessage", "5xx", chat_id=user["id"])
    outbox, attempts = Outbox(h.services.notifications, no_sleep), list[int]()

    async def send() -> int:
        attempts.append(1)
        return int((await h.app.bot.send_message(user["id"], "提醒")).message_id)

    assert await outbox.deliver(target("1:reminder:60:m1:2026-12-02"), send) == "uncertain"
    [row] = await OutboxRepo(h.services.db.reader).by_key_prefix("1:reminder:")
    assert len(attempts) == 1
    assert row.state == "uncertain"
    assert row.detail == "maybe delivered: Bad Gateway"
