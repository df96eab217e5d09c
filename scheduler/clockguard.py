"""Is the wall clock to be trusted this tick? (issue 8 D)

A wall clock that jumps — set 18 days ahead by mistake, stepped back by NTP, a VM restored from a
snapshot — would make the scheduler close checkpoints that are still open and record reminders
`missed` that were never due; none of that can be undone once the clock is put right. So between
ticks the guard compares how far the wall clock moved with how much time really passed (a monotonic
source that never jumps). When they disagree by more than TOLERANCE it logs a WARNING and the tick
runs nothing at all — no reminder, bulletin, checkpoint or `missed` record, no group left — until
the two have agreed again for SETTLE (and at least SETTLE_TICKS ticks). Holding only delays: every
event is still found later, since the database is the schedule.

The first tick of a process has nothing to compare with and is trusted: a clock that is already
wrong at start-up cannot be told from a real downtime.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.services.clock import Clock, Monotonic

log = logging.getLogger(__name__)
TOLERANCE = timedelta(minutes=2)  # far above NTP's slewing, far below a jump that could burn a milestone
SETTLE = timedelta(minutes=10)
SETTLE_TICKS = 3


class ClockGuard:
    def __init__(self, clock: Clock, monotonic: Monotonic) -> None:
        self.clock = clock
        self.monotonic = monotonic
        self._last: tuple[datetime, float] | None = None
        self._held_since: float | None = None  # monotonic reading of the last disagreement
        self._agreeing = 0

    @property
    def holding(self) -> bool:
        return self._held_since is not None

    def steady(self) -> bool:
        """Called once per tick: True when the tick may act on the wall clock."""
        wall, elapsed = self.clock(), self.monotonic()
        last, self._last = self._last, (wall, elapsed)
        if last is None:
            return True
        drift = (wall - last[0]).total_seconds() - (elapsed - last[1])
        if abs(drift) > TOLERANCE.total_seconds():
            log.warning(
                "the wall clock jumped %+.0f s against the time that passed (%s -> %s): the scheduler holds "
                "reminders, bulletins, checkpoints and missed records until the clock agrees for %s",
                drift,
                last[0].isoformat(timespec="seconds"),
                wall.isoformat(timespec="seconds"),
                SETTLE,
            )
            self._held_since, self._agreeing = elapsed, 0
            return False
        if self._held_since is None:
            return True
        self._agreeing += 1
        if elapsed - self._held_since < SETTLE.total_seconds() or self._agreeing < SETTLE_TICKS:
            return False
        log.warning("the wall clock has agreed with elapsed time for %s: the scheduler resumes at %s", SETTLE, wall)
        self._held_since = None
        return True
