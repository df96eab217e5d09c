"""Hostile review of when an acknowledgement may go out at once (CampaignRateLimiter.free_now): a group's
own pace, and a send cut off while it waited inside the limiter (bot/chat/ratelimit.py)."""

from __future__ import annotations

import asyncio

from bot.chat.ratelimit import CampaignRateLimiter
from tests.ack_lanes import limiter_send

ALICE, BOB, GROUP, OTHER_GROUP = 1001, 1002, -100123, -100456
GROUP_PER_MINUTE = 20  # Telegram's limit per group, AIORateLimiter's default


async def test_a_group_past_its_twenty_messages_a_minute_is_not_free_but_another_group_is() -> None:
    limiter = CampaignRateLimiter()
    for _ in range(GROUP_PER_MINUTE):
        await limiter_send(limiter, GROUP)
    assert not limiter.free_now(GROUP)  # a send now would wait for the group's pace: left to the lane
    assert limiter.free_now(OTHER_GROUP)
    assert limiter.free_now(ALICE)


async def test_a_send_cancelled_while_waiting_for_its_chats_pace_no_longer_holds_every_chat_back() -> None:
    limiter = CampaignRateLimiter()
    for _ in range(3):  # Telegram's burst in one private chat
        await limiter_send(limiter, ALICE)
    waiting = asyncio.create_task(limiter_send(limiter, ALICE))
    await asyncio.sleep(0.05)  # it waits inside the limiter for ALICE's pace
    assert not limiter.free_now(BOB)
    waiting.cancel()  # a stop cuts it off
    await asyncio.gather(waiting, return_exceptions=True)
    assert limiter.free_now(BOB)  # the count of sends inside the limiter went back down
