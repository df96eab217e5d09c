"""Delivering one notification at most once: claim (commit) → send → record the outcome.

Every failure is classified by `bot.chat.delivery.maybe_delivered`. Certainly not delivered: a 429
waits retry_after and tries again, a connection that could not be opened is retried with backoff,
a 403 marks the member unreachable, a 400 is `failed`. Maybe delivered — a timeout, a connection
reset or closed after the request was written, a 5xx: Telegram may have delivered the message and
only the answer was lost, so it is NOT retried (that could deliver it twice); the row becomes
`uncertain` and is shown to the leader instead (never sent twice, never dropped silently).
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.chat.delivery import maybe_delivered
from bot.chat.ratelimit import caller_retries
from bot.services.notifications import NotificationService, Target
from scheduler.planner import Event

__all__ = ["Outbox", "Sleep", "Target", "event_target", "reason"]  # Target: the scheduler names it from here

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]
MAX_ATTEMPTS = 5


def reason(error: BaseException) -> str:
    """What went wrong, for the `detail` column and the log: the exception's type and the line that
    raised it, never its message — that may quote a name or a text (privacy, SPEC §8)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}{where}"


def event_target(
    event: Event, campaign_id: int, kind: str, recipient: str, *, late: bool, member_id: int | None = None
) -> Target:
    """One recipient's notification of `event`: keyed by the event, the kind sent and the recipient
    (one per day: a re-run finds it claimed), its row recording the same kind, milestone and due time."""
    key = event.key(campaign_id, recipient, kind=kind)
    return Target(key, campaign_id, kind, event.percent, recipient, event.at, late, member_id)


def _describe(error: BaseException) -> str:
    """A send error for `detail`: Telegram's own description ("Bad Gateway"), or the transport
    error's type ("NetworkError(RemoteProtocolError)") — never a text or a URL."""
    if isinstance(error, TelegramError):
        cause = error.__cause__
        return f"{type(error).__name__}({type(cause).__name__})" if cause is not None else error.message
    return reason(error)


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Outbox:
    def __init__(self, notifications: NotificationService, sleep: Sleep = asyncio.sleep) -> None:
        self.notifications = notifications
        self.sleep = sleep

    async def record(self, target: Target, state: str, detail: str | None = None) -> bool:
        """Record a notification that is deliberately not sent (missed, skipped). False if it exists."""
        return await self.notifications.claim(target, state, detail) is not None

    async def fail(self, target: Target, error: BaseException) -> None:
        """A notification (or a whole event) that could not be prepared: recorded `failed` once, so no
        later tick tries it again, and listed in the leaders' next digest. Loud, but without content."""
        detail = reason(error)
        if await self.record(target, "failed", detail):
            log.warning("notification %s: failed (%s)", target.key, detail)
        else:  # it was claimed (and its outcome recorded) before the error: only the log tells
            log.warning("notification %s: error after it was recorded (%s)", target.key, detail)

    async def deliver(self, target: Target, send: Callable[[], Awaitable[int]]) -> str | None:
        """Send once. Returns the final state, or None when the key was claimed before."""
        nid = await self.notifications.claim(target)
        if nid is None:
            return None
        return await self.send_claimed(nid, target, send)

    async def send_claimed(self, nid: int, target: Target, send: Callable[[], Awaitable[int]]) -> str:
        """Send a notification whose row `nid` was claimed already — in the transaction of the change it
        tells of (a verification decision), so a crash after that commit leaves it `uncertain`, never
        lost silently. Returns the final state."""
        state, message_id, detail = "failed", None, None
        for attempt in range(MAX_ATTEMPTS):
            try:
                with caller_retries():  # this loop retries a 429 itself, and records it
                    message_id = await send()
                state = "sent"
                break
            except RetryAfter as flood:
                detail = f"429 retry_after={flood.retry_after}"
                await self.sleep(_seconds(flood.retry_after))
            except Forbidden as refused:
                state, detail = "unreachable", refused.message
                break
            except BadRequest as bad:
                state, detail = ("unreachable" if "chat not found" in bad.message.lower() else "failed"), bad.message
                break
            except Exception as error:
                if maybe_delivered(error):  # it may have arrived: sending again could deliver it twice
                    state, detail = "uncertain", f"maybe delivered: {_describe(error)}"
                    break
                detail = f"not sent: {_describe(error)}"
                if not isinstance(error, NetworkError):
                    break  # refused for good (409, 401, …): `failed`
                await self.sleep(min(30.0, 2.0**attempt))  # the request never left: safe to try again
        await self.notifications.finish(nid, target, state, message_id, detail)
        if state != "sent":
            log.warning("notification %s: %s (%s)", target.key, state, detail)
        return state
