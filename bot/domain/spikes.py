"""SPIKE's half that one member's reports decide (bot/domain/anomalies.py): the days of a member-task
above `spike_factor` × the median of its other days. Whether such a day is a spike also needs the
peers' ceiling (the percentile of every other member's day totals, bot/domain/peers.py), which the rest
of the campaign decides: a candidate day is kept with its entries' running totals, so the flag can be
placed under any ceiling without reading the entries again (bot/domain/task_flags.py)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.domain.model import AnomalyThresholds
from bot.domain.peers import median_without

if TYPE_CHECKING:
    from bot.domain.live_entries import Entry

MIN_OWN_DAYS = 3  # the member's other reporting days before a day can be a spike


@dataclass(frozen=True, slots=True)
class SpikeDay:
    """A day of one member-task above `spike_factor` × the median of its other days (`own`): a spike
    once also above the peers' ceiling, which the rest of the campaign decides. `steps`: the day's
    entries in the order sent, each with the running day total after it."""

    day: date
    total: int
    median: float
    own: float
    steps: tuple[tuple[int, int], ...]

    def flagged(self, ceiling: float | None) -> int | None:
        """The entry whose running total first passed both bounds, if the day is a spike."""
        if ceiling is None:
            return None
        bound = max(self.own, ceiling)
        if self.total <= bound:
            return None
        return next((entry for entry, running in self.steps if running > bound), None)


def spike_days(group: Sequence[Entry], days: Mapping[date, int], th: AnomalyThresholds) -> tuple[SpikeDay, ...]:
    """The days of one member-task (`group`, in the order sent; `days`: its day totals) that would be
    spikes under any peer ceiling low enough: what SPIKE decides from the member's own reports."""
    if len(days) <= MIN_OWN_DAYS:
        return ()
    ordered = sorted(days.values())
    by_day: dict[date, list[Entry]] = {}
    for e in group:
        by_day.setdefault(e.day, []).append(e)
    found = []
    for day, reported in by_day.items():
        total = days.get(day)
        if total is None:
            continue
        median = median_without(ordered, total)
        if total <= th.spike_factor * median:
            continue
        steps = tuple(zip((e.id for e in reported), itertools.accumulate(e.delta for e in reported), strict=True))
        found.append(SpikeDay(day, total, median, th.spike_factor * median, steps))
    return tuple(found)
