"""Injected faults and Telegram's rate limits, both answered the way Telegram answers them."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.emulator.state import ApiError

SENDING = {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}


@dataclass
class Fault:
    method: str  # a method name, "*" for every method, or "webhook" (a delivery whose 2xx Telegram loses)
    # "429", "403", "400", "5xx"; "timeout" (the answer is held back `delay` s); "network" (the
    # connection drops before the method runs: nothing delivered); "reset" (the method runs — the
    # message is delivered and logged — then the connection drops before the answer is written)
    kind: str
    times: int = 1
    retry_after: int = 5
    chat_id: int | None = None  # only requests to this chat
    delay: float = 30.0  # for "timeout": how long the reply is held back

    def matches(self, method: str, chat_id: int | None) -> bool:
        return self.times > 0 and self.method in ("*", method) and self.chat_id in (None, chat_id)


class Faults:
    def __init__(self) -> None:
        self.pending: list[Fault] = []
        self.fired: list[tuple[str, str]] = []

    def add(self, fault: Fault) -> None:
        self.pending.append(fault)

    def take(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self.pending:
            if fault.matches(method, chat_id):
                fault.times -= 1
                self.fired.append((method, fault.kind))
                return fault
        return None

    @staticmethod
    def error_for(fault: Fault) -> ApiError | None:
        """The API error a fault stands for; None for transport faults (timeout, network)."""
        if fault.kind == "429":
            return ApiError(
                429, f"Too Many Requests: retry after {fault.retry_after}", {"retry_after": fault.retry_after}
            )
        if fault.kind == "403":
            return ApiError(403, "Forbidden: bot was blocked by the user")
        if fault.kind == "400":
            return ApiError(400, "Bad Request: can't parse entities: injected fault")
        if fault.kind == "5xx":
            return ApiError(502, "Bad Gateway")
        return None


class RateLimits:
    """≈30 messages/s overall and 20/min per group (sliding windows); in a private chat 1/s on
    average with short bursts (a token bucket of `per_chat_burst`), as Telegram's FAQ puts it: "avoid
    sending more than one message per second in a particular chat; we may allow short bursts".
    Past a limit the request is refused with 429 and the seconds until it would pass."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.enabled = False
        self.per_second = 30
        self.per_group_per_minute = 20
        self.per_chat_per_second = 1
        self.per_chat_burst = 3
        self.clock = clock
        self._all: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}
        self._buckets: dict[int, tuple[float, float]] = {}  # private chat → (tokens, at)
        self.refused = 0

    def configure(
        self,
        enabled: bool = True,
        per_second: int = 30,
        per_group_per_minute: int = 20,
        per_chat_per_second: int = 1,
        per_chat_burst: int = 3,
    ) -> None:
        self.enabled = enabled
        self.per_second = per_second
        self.per_group_per_minute = per_group_per_minute
        self.per_chat_per_second = per_chat_per_second
        self.per_chat_burst = per_chat_burst

    def _bucket_wait(self, chat_id: int, now: float) -> tuple[float, float]:
        """Seconds until the chat's bucket holds a token, and its refilled level."""
        tokens, at = self._buckets.get(chat_id, (float(self.per_chat_burst), now))
        tokens = min(float(self.per_chat_burst), tokens + (now - at) * self.per_chat_per_second)
        return (0.0 if tokens >= 1 else (1 - tokens) / self.per_chat_per_second), tokens

    @staticmethod
    def _wait(window: deque[float], limit: int, span: float, now: float) -> float:
        while window and now - window[0] >= span:
            window.popleft()
        return 0.0 if len(window) < limit else span - (now - window[0])

    def check(self, method: str, chat_id: int | None, is_group: bool) -> None:
        if not self.enabled or method not in SENDING or chat_id is None:
            return
        now = self.clock()
        chat = self._chats.setdefault(chat_id, deque())
        waits = [self._wait(self._all, self.per_second, 1.0, now)]
        tokens = 0.0
        if is_group:
            waits.append(self._wait(chat, self.per_group_per_minute, 60.0, now))
        else:
            bucket_wait, tokens = self._bucket_wait(chat_id, now)
            waits.append(bucket_wait)
        wait = max(waits)
        if wait > 0:
            self.refused += 1
            seconds = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})
        self._all.append(now)
        if is_group:
            chat.append(now)
        else:
            self._buckets[chat_id] = (tokens - 1, now)
