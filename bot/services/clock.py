"""Time sources. Services take a Clock so tests can drive time instead of sleeping.

The wall clock (Clock) says *what time it is*; it can jump (an operator fixes it, NTP steps it, a
VM is restored). The monotonic source (Monotonic, seconds) only says *how much time passed* and
never jumps; the scheduler compares the two to notice a jump (scheduler/clockguard.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]
Monotonic = Callable[[], float]


def system_clock() -> datetime:
    return datetime.now(UTC)


class ManualClock:
    """A clock tests move by hand: `clock.advance(hours=3)` or `clock.set(when)` let time pass (the
    monotonic reading follows); `clock.jump(days=18)` moves only the wall clock, as a wrong clock does."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self.now = start
        self.elapsed = 0.0  # the monotonic reading, in seconds

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.elapsed

    def advance(self, **delta: float) -> datetime:
        step = timedelta(**delta)
        self.now += step
        self.elapsed += max(0.0, step.total_seconds())
        return self.now

    def set(self, when: datetime) -> None:
        self.elapsed += max(0.0, (when - self.now).total_seconds())
        self.now = when

    def jump(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def system_monotonic() -> float:
    """Seconds that really passed, suspend included where the OS counts it (CLOCK_BOOTTIME on Linux):
    a machine that slept did not jump, its wall clock is right when it wakes."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(boottime) if boottime is not None else time.monotonic()


def monotonic_for(clock: Clock) -> Monotonic:
    """The monotonic source that belongs with `clock`: a ManualClock's own, else the system's."""
    return clock.monotonic if isinstance(clock, ManualClock) else system_monotonic
