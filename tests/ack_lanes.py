"""What the tests of acknowledgements sent at once share (tests/e2e/test_ack_at_once*.py,
tests/unit/test_send_now_rule*.py): a two-member campaign, the bot as the poller drives it with the
real rate limiter, a private message as Telegram delivers it, and one send through the limiter."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Update

from bench.scale import build, clock
from bot.chat.app import build_app
from bot.chat.ratelimit import CampaignRateLimiter
from bot.emulator import BotApiEmulator
from bot.settings import Settings, load_settings

FIRST = 10_000  # bench.scale.build gives member i the Telegram id FIRST + i


async def two_members(emu: BotApiEmulator, path: Path) -> Settings:
    db, _ = await build(path, units=12, members=2, rows=0)
    await db.close()
    for i in range(2):
        emu.user(FIRST + i, f"m{i}")
        emu.world.started.add(FIRST + i)
    return load_settings(database_path=path, bot_api_base_url=emu.base_url, quiet_hours="")


@asynccontextmanager
async def running(settings: Settings, emu: BotApiEmulator) -> AsyncIterator[Any]:
    """The bot started and stopped as `campaign-bot run` does, with the real rate limiter."""
    app = build_app(settings, clock=clock(), token=emu.token, with_scheduler=False)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    yield app
    assert app.post_stop is not None
    await app.post_stop(app)
    await app.shutdown()
    assert app.post_shutdown is not None
    await app.post_shutdown(app)


def private_message(app: Any, n: int, user: int, text: str) -> Update:
    data = {
        "update_id": n,
        "message": {
            "message_id": n,
            "date": 1_800_000_000,
            "text": text,
            "chat": {"id": user, "type": "private", "first_name": "x"},
            "from": {"id": user, "is_bot": False, "first_name": "x", "language_code": "zh"},
        },
    }
    return Update.de_json(data, app.bot)


def open_owed(settings: Settings) -> int:
    """Acknowledgements the database still owes."""
    with contextlib.closing(sqlite3.connect(settings.database_path)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM owed_replies WHERE done_at IS NULL").fetchone()[0])


async def limiter_send(limiter: CampaignRateLimiter, chat: int, reply: Any = None) -> Any:
    """One sendMessage through the limiter; Telegram's answer raises `reply` (an error) or waits for it (an event)."""

    async def callback() -> Any:
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, asyncio.Event):
            await reply.wait()
        return {"ok": True}

    return await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": chat}, None)
