"""Outbound rate limiting: PTB's AIORateLimiter, plus Telegram's one message a second per private
chat, retrying a 429 for replies but not for the outbox.

AIORateLimiter keeps under 30 messages/s overall and 20/min per group, but not the per-chat limit:
a member who sends three reports in a row would get their acknowledgements refused with 429, and
every 429 stalls all sending for `retry_after`. So new messages to one private chat are paced at
one a second on average, with bursts of up to three (Telegram: "we may allow short bursts"): a few
messages in a row go out at once, and a longer run is spaced out rather than refused. Edits are
not paced (a keypad must stay quick; a rare 429 on an edit is retried).

A reply to a user (above all an acknowledgement) that hits 429 must wait `retry_after` and be sent
again: the report is committed already, and a reply that never comes makes the member send it a
second time. Scheduled notifications retry in scheduler/outbox.py instead, where every attempt is
recorded and the wait is a sleep the tests can drive; the outbox sends inside `caller_retries()`,
which turns the limiter's own retries off for that call chain (a context variable follows the
awaits of one task, so concurrent replies are unaffected).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

_CALLER_RETRIES: ContextVar[bool] = ContextVar("caller_retries", default=False)

REPLY_RETRIES = 3
NEW_MESSAGES = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "copyMessage"})
PRIVATE_CHAT_BURST = 3
PRIVATE_CHAT_PERIOD = 1.05  # seconds per message; a little over 1 so clock jitter never trips the limit


@contextmanager
def caller_retries() -> Iterator[None]:
    """Within this block a 429 reaches the caller at once (the caller retries and records it)."""
    token = _CALLER_RETRIES.set(True)
    try:
        yield
    finally:
        _CALLER_RETRIES.reset(token)


class CampaignRateLimiter(AIORateLimiter):
    """Keeps sends under 30/s overall and 20/min per group (AIORateLimiter's defaults)."""

    def __init__(self, reply_retries: int = REPLY_RETRIES) -> None:
        super().__init__(max_retries=0)
        self.reply_retries = reply_retries
        self._chat_limiters: dict[int, AsyncLimiter] = {}

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        # Forget limiters that are idle (full capacity) once there are many, as PTB does for groups.
        if len(self._chat_limiters) > 512:
            for key, limiter in list(self._chat_limiters.items()):
                if key != chat_id and limiter.has_capacity(limiter.max_rate):
                    del self._chat_limiters[key]
        if chat_id not in self._chat_limiters:
            self._chat_limiters[chat_id] = AsyncLimiter(PRIVATE_CHAT_BURST, PRIVATE_CHAT_BURST * PRIVATE_CHAT_PERIOD)
        return self._chat_limiters[chat_id]

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if rate_limit_args is None and not _CALLER_RETRIES.get():
            rate_limit_args = self.reply_retries
        chat_id = _private_chat(data.get("chat_id"))
        if endpoint not in NEW_MESSAGES or chat_id is None:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        async with self._chat_limiter(chat_id):
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


def _private_chat(chat_id: object) -> int | None:
    """Private chats have the user's (positive) id; groups and channels are negative or @names."""
    try:
        value = int(chat_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None
