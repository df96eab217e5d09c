"""Outbound rate limiting: PTB's AIORateLimiter, retrying a 429 for replies but not for the outbox.

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

from telegram.ext import AIORateLimiter

_CALLER_RETRIES: ContextVar[bool] = ContextVar("caller_retries", default=False)

REPLY_RETRIES = 3


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
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
