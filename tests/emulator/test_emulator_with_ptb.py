"""The local Bot API emulator against the real python-telegram-bot 22 stack: shapes and errors."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator
from io import BytesIO

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.emulator import BotApiEmulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=1.0)
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url, request=request) as b:
        yield b


async def test_get_me_and_messages_have_bot_api_shapes(emu: BotApiEmulator, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "campaign_test_bot"
    user = emu.user(1001, "张三")
    emu.send_text(user, "hi")
    [update] = await bot.get_updates()
    assert update.message is not None
    assert update.message.from_user is not None
    assert update.message.text == "hi"
    assert update.message.from_user.id == 1001
    sent = await bot.send_message(1001, "<b>你好</b>", parse_mode="HTML")
    edited = await bot.edit_message_text("改", chat_id=1001, message_id=sent.message_id)
    assert isinstance(edited, type(sent))
    assert emu.sent(1001)[-1].body == "改"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="x")]])
    await bot.edit_message_reply_markup(chat_id=1001, message_id=sent.message_id, reply_markup=markup)
    assert emu.sent(1001)[-1].buttons() == [("ok", "x")]
    assert await bot.delete_message(1001, sent.message_id)
    assert await bot.send_chat_action(1001, "typing")
    await bot.set_my_commands([("me", "我的进度")])
    assert [c.command for c in await bot.get_my_commands()] == ["me"]
    assert (await bot.get_chat(1001)).id == 1001


async def test_photos_documents_and_file_downloads(emu: BotApiEmulator, bot: Bot) -> None:
    from bot.render.chart import ChartRow, render_completion_chart

    png = render_completion_chart("图", [ChartRow("村", 0.5)], 0.5)
    user = emu.user(1001, "张三")
    emu.send_text(user, "start")
    message = await bot.send_photo(1001, png, caption="图表")
    assert message.photo[-1].width > 100
    assert emu.sent(1001)[-1].photo == png
    await bot.send_document(1001, BytesIO(b"xlsx bytes"), filename="e.xlsx")
    assert emu.sent(1001)[-1].document == b"xlsx bytes"
    assert emu.sent(1001)[-1].filename == "e.xlsx"
    emu.send_document(user, "plan.yaml", b"campaign: {}")
    updates = await bot.get_updates()
    uploaded = updates[-1].message
    assert uploaded is not None
    assert uploaded.document is not None
    file = await bot.get_file(uploaded.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"campaign: {}"


async def test_errors_surface_as_the_right_ptb_exceptions(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1001, "张三")
    emu.send_text(user, "start")
    emu.inject_fault("sendMessage", "429", retry_after=30)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(1001, "x")
    assert "30" in str(flood.value)
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(1001, "<b>unclosed", parse_mode="HTML")
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(1001, "长" * 4097)
    with pytest.raises(BadRequest, match="too long"):  # UTF-16 units: an emoji counts twice
        await bot.send_message(1001, "👏" * 2049)
    await bot.send_message(1001, "<b>" + "长" * 4096 + "</b>", parse_mode="HTML")  # tags are not counted
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(1001, "x", reply_markup=markup)
    emu.inject_fault("sendMessage", "5xx")
    with pytest.raises(NetworkError):
        await bot.send_message(1001, "x")
    emu.inject_fault("sendMessage", "timeout", delay=3)
    with pytest.raises(TimedOut):
        await bot.send_message(1001, "x")
    emu.block_bot(user)
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(1001, "x")
    emu.user(1002, "从未开始")
    with pytest.raises(Forbidden, match="initiate"):
        await bot.send_message(1002, "x")
    group = emu.group(-100, "群")
    emu.add_bot_to_group(user, group)
    new_id = emu.migrate_group(group)
    with pytest.raises(ChatMigrated) as moved:
        await bot.send_message(-100, "x")
    assert moved.value.new_chat_id == new_id
    with pytest.raises(InvalidToken):  # PTB checks the token with getMe when it starts
        async with Bot("999:WRONG", base_url=emu.base_url):
            pass


async def test_rate_limits_answer_429_past_telegrams_limits(emu: BotApiEmulator, bot: Bot) -> None:
    emu.rate_limits(enabled=True)
    for uid in range(2000, 2031):
        emu.user(uid, "u")
        emu.world.started.add(uid)
    results = await asyncio.gather(*(bot.send_message(uid, "x") for uid in range(2000, 2031)), return_exceptions=True)
    assert any(isinstance(r, RetryAfter) for r in results)  # 31 in one second
    await asyncio.sleep(1.1)
    for text in ("a", "b", "c"):  # a short burst in one chat passes...
        await bot.send_message(2000, text)
    with pytest.raises(RetryAfter):
        await bot.send_message(2000, "d")  # ...then 1 msg/s per chat
    await asyncio.sleep(1.05)
    await bot.send_message(2000, "e")


async def test_unconfirmed_updates_are_redelivered_and_ids_increase(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1001, "张三")
    for text in ("a", "b", "c"):
        emu.send_text(user, text)
    first = await bot.get_updates()
    again = await bot.get_updates()  # no offset: nothing confirmed, all come back
    assert [u.update_id for u in first] == [u.update_id for u in again]
    assert [u.update_id for u in first] == sorted({u.update_id for u in first})
    rest = await bot.get_updates(offset=first[1].update_id)
    assert [u.message.text for u in rest if u.message] == ["b", "c"]
    await bot.get_updates(offset=first[-1].update_id + 1)
    emu.redeliver(first[0].update_id)
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["a"]


async def test_long_poll_returns_as_soon_as_an_update_arrives(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1001, "张三")
    loop = asyncio.get_running_loop()
    loop.call_later(0.3, emu.send_text, user, "late")
    started = loop.time()
    updates = await bot.get_updates(timeout=5, read_timeout=10)
    assert updates
    assert loop.time() - started < 3


def test_the_emulator_runs_as_its_own_process_and_dies_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.emulator", "--port", "0", "--token", "1:T"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    base_url = proc.stdout.readline().strip()
    with urllib.request.urlopen(f"{base_url}1:T/getMe", timeout=5) as response:
        assert b'"is_bot": true' in response.read()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0
