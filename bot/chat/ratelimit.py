"""Outbound rate limiting and the delivery policy for replies: PTB's AIORateLimiter, plus
Telegram's one message a second per private chat, a 429 that holds only its own chat, and replies
retried with back-off whenever the send may have failed.

AIORateLimiter keeps under 30 messages/s overall and 20/min per group, but not the per-chat limit:
a member who sends three reports in a row would get their acknowledgements refused with 429. So new
messages to one private chat are paced at one a second on average, with bursts of up to three
(Telegram: "we may allow short bursts"). Edits are not paced (a keypad must stay quick).

A 429 names the chat it was for: only that chat waits `retry_after` (AIORateLimiter would stop
every send of the bot for that time, so one member's flood delayed everyone's acknowledgement).
A 429 on a request without a chat holds every send.

A reply (above all an acknowledgement) is sent after the work was committed. Silence makes the
member send the report again, a duplicate reply is harmless; so a reply is retried — a bounded
number of attempts, with back-off — on a 429, a 5xx, a timeout and a refused or reset connection,
whether or not the failed attempt may have arrived. An acknowledgement is owed in the database as
well: when a whole round of attempts fails, its chat's lane (bot/chat/acks.py) starts another later.
Only a refusal Telegram means (400, 403, a migrated chat) is not retried. Scheduled notifications
must never be sent twice, so they retry in scheduler/ instead, where every attempt is recorded; they
send inside `caller_retries()`, which turns these retries off for that call chain (a context variable
follows the awaits of one task, so concurrent replies are unaffected).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

_CALLER_RETRIES: ContextVar[bool] = ContextVar("caller_retries", default=False)

REPLY_ATTEMPTS = 4
REPLY_BACKOFF = (0.5, 1.0, 2.0)  # seconds before the 2nd, 3rd, 4th attempt after a network failure
NEW_MESSAGES = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "copyMessage"})
PRIVATE_CHAT_BURST = 3
PRIVATE_CHAT_PERIOD = 1.05  # seconds per message; a little over 1 so clock jitter never trips the limit
EVERY_CHAT = 0  # the hold key of a 429 on a request that names no chat
_Answer = bool | dict[str, Any] | list[dict[str, Any]]  # what a Bot API request returns, as PTB passes it on


@contextmanager
def caller_retries() -> Iterator[None]:
    """Within this block every failure reaches the caller at once (the caller retries and records it)."""
    token = _CALLER_RETRIES.set(True)
    try:
        yield
    finally:
        _CALLER_RETRIES.reset(token)


class CampaignRateLimiter(AIORateLimiter):
    """Keeps sends under 30/s overall and 20/min per group (AIORateLimiter's defaults)."""

    def __init__(self, reply_attempts: int = REPLY_ATTEMPTS, backoff: tuple[float, ...] = REPLY_BACKOFF) -> None:
        super().__init__(max_retries=0)
        self.reply_attempts = reply_attempts
        self.backoff = backoff
        self._chat_limiters: dict[int, AsyncLimiter] = {}
        self._held_until: dict[int | str, float] = {}  # chat → loop time at which its 429 ends
        self._sending = 0  # sends inside the limiter: paced, waiting for their turn, or in flight

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        # Forget limiters that are idle (full capacity) once there are many, as PTB does for groups.
        if len(self._chat_limiters) > 512:
            for key, limiter in list(self._chat_limiters.items()):
                if key != chat_id and limiter.has_capacity(limiter.max_rate):
                    del self._chat_limiters[key]
        if chat_id not in self._chat_limiters:
            self._chat_limiters[chat_id] = AsyncLimiter(PRIVATE_CHAT_BURST, PRIVATE_CHAT_PERIOD * PRIVATE_CHAT_BURST)
        return self._chat_limiters[chat_id]

    def hold_end(self, chat: int | str) -> float:
        """The loop time at which no 429 holds `chat` any more: its own hold's end, or every chat's."""
        return max(self._held_until.get(chat, 0.0), self._held_until.get(EVERY_CHAT, 0.0))

    def held(self, chat_id: int) -> bool:
        """Whether a 429 holds `chat_id` (or every chat) now: a send to it would wait out the hold."""
        return self.hold_end(chat_id) > asyncio.get_running_loop().time()

    def free_now(self, chat_id: int) -> bool:
        """Whether a new message to `chat_id` would go out at once, ahead of no one: nothing else is being
        sent, no 429 holds the chat (nor every chat), and neither the overall pace, a group's nor a
        private chat's own would make it wait."""
        if self._sending:  # someone may be waiting for the pace: a send now would jump the queue
            return False
        if self.held(chat_id):
            return False
        if not self._retry_after_event.is_set() or (self._base_limiter and not self._base_limiter.has_capacity()):
            return False
        if chat_id < 0:
            return not self._group_max_rate or self._get_group_limiter(chat_id).has_capacity()
        return self._chat_limiter(chat_id).has_capacity()

    async def _wait_for_holds(self, chat: int | str) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            until = self.hold_end(chat)
            if until <= now:
                return
            await asyncio.sleep(until - now)

    def _hold(self, chat: int | str, flood: RetryAfter) -> float:
        wait = flood.retry_after
        seconds = (wait.total_seconds() if isinstance(wait, timedelta) else float(wait)) + 0.1
        until = asyncio.get_running_loop().time() + seconds
        self._held_until[chat] = max(self._held_until.get(chat, 0.0), until)
        for key, end in list(self._held_until.items()):  # forget holds that are over
            if end < until - seconds:
                del self._held_until[key]
        return seconds

    async def _send_once(
        self,
        callback: Callable[..., Coroutine[Any, Any, _Answer]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
    ) -> _Answer:
        # max_retries=0: AIORateLimiter only paces; a 429 comes back here, where it holds one chat.
        private = _private_chat(data.get("chat_id"))
        self._sending += 1
        try:
            if endpoint not in NEW_MESSAGES or private is None:
                return await super().process_request(callback, args, kwargs, endpoint, data, 0)
            async with self._chat_limiter(private):
                return await super().process_request(callback, args, kwargs, endpoint, data, 0)
        finally:
            self._sending -= 1

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, _Answer]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _Answer:
        chat = _chat_key(data.get("chat_id"))
        if _CALLER_RETRIES.get():
            attempts = 1
        else:
            attempts = rate_limit_args + 1 if rate_limit_args is not None else self.reply_attempts
        for attempt in range(1, attempts + 1):
            await self._wait_for_holds(chat)
            try:
                return await self._send_once(callback, args, kwargs, endpoint, data)
            except RetryAfter as flood:
                seconds = self._hold(chat, flood)  # the next send to the chat waits, whoever retries
                if attempt == attempts:
                    raise
                log.warning(
                    "%s hit 429; that chat waits %.1f s (attempt %d of %d)", endpoint, seconds, attempt, attempts
                )
            except BadRequest:
                raise  # Telegram refused this request as it is: sending it again changes nothing
            except NetworkError as error:  # 5xx, timeout, refused or reset connection
                if attempt == attempts:
                    raise
                pause = self.backoff[min(attempt, len(self.backoff)) - 1] if self.backoff else 0.0
                log.warning(
                    "%s failed (%s); retrying in %.1f s (attempt %d of %d)", endpoint, error, pause, attempt, attempts
                )
                await asyncio.sleep(pause)
        raise AssertionError("unreachable: the last attempt returns or raises")


def _chat_key(chat_id: object) -> int | str:
    """The chat a request is for (an id, or an @channel name); EVERY_CHAT when it names none."""
    if chat_id is None:
        return EVERY_CHAT
    try:
        return int(chat_id)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return str(chat_id)


def _private_chat(chat_id: object) -> int | None:
    """Private chats have the user's (positive) id; groups and channels are negative or @names."""
    key = _chat_key(chat_id)
    return key if isinstance(key, int) and key > 0 else None
