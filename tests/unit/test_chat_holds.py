"""A 429 holds only the chat it was for, or every chat when the request named none
(CampaignRateLimiter.hold_end, which both `held` and a send waiting out the hold read)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.chat.ratelimit import EVERY_CHAT, CampaignRateLimiter, caller_retries
from tests.ack_lanes import limiter_send

ALICE, BOB = 1001, 1002


async def refused_with_429(limiter: CampaignRateLimiter, data: dict[str, Any], seconds: int) -> None:
    async def callback() -> Any:
        raise RetryAfter(seconds)

    with caller_retries(), pytest.raises(RetryAfter):
        await limiter.process_request(callback, (), {}, "sendMessage", data, None)


async def test_no_chat_is_held_before_any_429() -> None:
    limiter = CampaignRateLimiter()
    assert limiter.hold_end(ALICE) <= asyncio.get_running_loop().time()
    assert not limiter.held(ALICE)


async def test_a_429_holds_its_own_chat_for_its_retry_after_and_no_other() -> None:
    limiter = CampaignRateLimiter()
    with caller_retries(), pytest.raises(RetryAfter):
        await limiter_send(limiter, ALICE, RetryAfter(30))
    now = asyncio.get_running_loop().time()
    assert limiter.hold_end(ALICE) >= now + 30
    assert limiter.held(ALICE)
    assert limiter.hold_end(BOB) <= now
    assert not limiter.held(BOB)


async def test_a_429_on_a_request_naming_no_chat_holds_every_chat() -> None:
    limiter = CampaignRateLimiter()
    await refused_with_429(limiter, {}, 30)
    now = asyncio.get_running_loop().time()
    assert limiter.hold_end(ALICE) >= now + 30
    assert limiter.hold_end(BOB) == limiter.hold_end(EVERY_CHAT)
    assert limiter.held(ALICE)
    assert limiter.held(BOB)


async def test_a_chat_is_held_until_the_later_of_its_own_hold_and_every_chats() -> None:
    limiter = CampaignRateLimiter()
    await refused_with_429(limiter, {"chat_id": ALICE}, 60)
    await refused_with_429(limiter, {}, 5)
    assert limiter.hold_end(ALICE) > limiter.hold_end(BOB) == limiter.hold_end(EVERY_CHAT)
