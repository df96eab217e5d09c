"""When an acknowledgement may be sent inside its update (CampaignRateLimiter.free_now): only when the
send would wait for nothing and jump no queue (bot/chat/acks.py send_now)."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import RetryAfter

from bot.chat.ratelimit import CampaignRateLimiter, caller_retries
from tests.ack_lanes import limiter_send

ALICE, BOB, GROUP = 1001, 1002, -100123


async def test_a_fresh_limiter_is_free_for_any_chat() -> None:
    limiter = CampaignRateLimiter()
    assert limiter.free_now(ALICE)
    assert limiter.free_now(GROUP)


async def test_a_private_chat_past_its_burst_is_not_free_but_another_chat_is() -> None:
    limiter = CampaignRateLimiter()
    for _ in range(3):  # Telegram's burst in one private chat
        await limiter_send(limiter, ALICE)
    assert not limiter.free_now(ALICE)
    assert limiter.free_now(BOB)


async def test_a_chat_held_by_a_429_is_not_free_even_when_the_caller_does_the_retrying() -> None:
    limiter = CampaignRateLimiter()
    # One attempt, as send_now makes it: the 429 reaches the caller, and the hold is still kept.
    with caller_retries(), pytest.raises(RetryAfter):
        await limiter_send(limiter, ALICE, RetryAfter(30))
    assert not limiter.free_now(ALICE)
    assert limiter.free_now(BOB)


async def test_no_chat_is_free_while_another_send_is_inside_the_limiter() -> None:
    limiter = CampaignRateLimiter()
    release = asyncio.Event()
    in_flight = asyncio.create_task(limiter_send(limiter, ALICE, release))
    await asyncio.sleep(0)  # the send enters the limiter and waits for its answer
    assert not limiter.free_now(BOB)  # a send now could overtake one waiting for the overall pace
    release.set()
    await in_flight
    assert limiter.free_now(BOB)
