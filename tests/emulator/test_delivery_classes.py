"""`maybe_delivered`: the one place that says whether a failed send may still have reached the chat
(issue 8 E). Every error is a real one, raised by PTB's HTTPXRequest against the emulator's faults
or a port nobody listens on."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import NetworkError
from telegram.request import HTTPXRequest

from bot.chat.delivery import maybe_delivered
from bot.emulator import BotApiEmulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=1.0)
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url, request=request) as b:
        yield b


async def error_of(emu: BotApiEmulator, bot: Bot, kind: str) -> Exception:
    emu.send_text(emu.user(1001, "张三"), "hi")  # the user started the bot: only the fault stands in the way
    emu.inject_fault("sendMessage", kind, retry_after=1, delay=3)
    try:
        await bot.send_message(1001, "x")
    except Exception as error:
        return error
    raise AssertionError(f"fault {kind} raised nothing")


@pytest.mark.parametrize("kind", ["429", "400", "403"])
async def test_a_refusal_by_telegram_was_certainly_not_delivered(emu: BotApiEmulator, bot: Bot, kind: str) -> None:
    assert not maybe_delivered(await error_of(emu, bot, kind))


@pytest.mark.parametrize("kind", ["5xx", "timeout", "reset", "network"])
async def test_a_lost_answer_may_hide_a_delivered_message(emu: BotApiEmulator, bot: Bot, kind: str) -> None:
    assert maybe_delivered(await error_of(emu, bot, kind))


async def test_a_refused_connection_was_certainly_not_delivered(emu: BotApiEmulator) -> None:
    with socket.socket() as probe:  # a free port, closed again: connecting to it is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = Bot(emu.token, base_url=f"http://127.0.0.1:{port}/bot")
    with pytest.raises(NetworkError) as refused:
        await bot.initialize()  # its getMe is the first request
    await bot.shutdown()
    assert not maybe_delivered(refused.value)


def test_an_unknown_error_may_have_been_delivered() -> None:
    assert maybe_delivered(RuntimeError("raised somewhere in the send path"))
