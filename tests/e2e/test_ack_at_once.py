"""An acknowledgement nothing holds back is sent inside its update; one that would wait goes to its chat's
lane, which never lets a later answer overtake it (SPEC §9, bot/chat/acks.py).

Driven as the production poller drives PTB (Application.process_update on real updates), with the
real rate limiter, against the emulator.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.emulator import BotApiEmulator
from tests.ack_lanes import FIRST, open_owed, private_message, running, two_members

FOREVER = 3600  # a retry_after that outlasts the test


@pytest.fixture
async def app(emu: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Any]:
    async with running(await two_members(emu, tmp_path / "at_once.db"), emu) as bot_app:
        yield bot_app


def _acks(emu: BotApiEmulator, chat: int) -> list[str]:
    return [s.body for s in emu.sent(chat) if "已记录" in s.body]


def _open_owed(app: Any) -> int:
    return open_owed(app.bot_data.settings)


async def test_an_acknowledgement_nothing_holds_back_is_sent_before_its_update_finishes(
    app: Any, emu: BotApiEmulator
) -> None:
    await app.process_update(private_message(app, 1, FIRST, "走访1"))
    assert len(_acks(emu, FIRST)) == 1  # already sent: nothing was left for a lane
    assert app.bot_data.acks.waiting() == 0
    await app.bot_data.acks.close()  # writes the "sent" marks
    assert _open_owed(app) == 0


async def test_an_acknowledgement_whose_chat_is_held_by_a_429_leaves_its_update_at_once(
    app: Any, emu: BotApiEmulator
) -> None:
    emu.inject_fault("sendMessage", "429", retry_after=FOREVER, chat_id=FIRST)
    # Finished within seconds although the chat is held for an hour: the lane waits, not the update.
    await asyncio.wait_for(app.process_update(private_message(app, 1, FIRST, "走访1")), timeout=20)
    assert _acks(emu, FIRST) == []
    assert app.bot_data.acks.waiting() == 1
    # Another chat is answered at once meanwhile.
    await asyncio.wait_for(app.process_update(private_message(app, 2, FIRST + 1, "走访2")), timeout=20)
    assert len(_acks(emu, FIRST + 1)) == 1
    await app.bot_data.acks.close()  # a stop: the sent one is marked, the held one stays owed for the next start
    assert _open_owed(app) == 1


async def test_answers_past_the_chats_burst_wait_in_its_lane_and_arrive_in_the_order_sent(
    app: Any, emu: BotApiEmulator
) -> None:
    emu.rate_limits(enabled=True)  # Telegram's own limits: 429 past a burst of 3 in a private chat
    for n in range(1, 7):
        await app.process_update(private_message(app, n, FIRST, f"走访{n}"))
    assert len(_acks(emu, FIRST)) < 6  # the chat's pace held some back, in its lane
    sent = await emu.wait_for_sent(FIRST, lambda s: "已记录" in s.body, count=6, timeout=30)
    assert [s.reply_to for s in sent] == [1, 2, 3, 4, 5, 6]
    assert [c for c in emu.calls if c.status == 429] == []  # paced, never refused
