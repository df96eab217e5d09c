"""Day totals as the spike rule compares them (bot/domain/anomalies.py): a member's own median, and
the nearest-rank percentile of everyone else's days, without re-sorting per member."""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.live_entries import DayTotal

MIN_PEER_DAYS = 5  # peer day totals before the percentile means anything


def nearest_rank(values: Sequence[float], percentile: int) -> float:
    """The nearest-rank percentile: the value at rank ceil(p/100 × n) of the sorted values."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percentile * len(ordered) / 100)) - 1]


class Peers:
    """Day totals per task, sorted, and per member, so "everyone but this member" costs a bisect."""

    def __init__(self, day_totals: Iterable[DayTotal]) -> None:
        every: dict[str, list[int]] = {}
        self.own: dict[tuple[int, str], dict[date, int]] = {}
        for t in day_totals:
            every.setdefault(t.task, []).append(t.total)
            self.own.setdefault((t.member_id, t.task), {})[t.day] = t.total
        self.every = {task: sorted(values) for task, values in every.items()}

    @classmethod
    def of(cls, own: dict[tuple[int, str], dict[date, int]], every: dict[str, list[int]] | None = None) -> Peers:
        """From the day totals already grouped per member and task (kept, not copied); `every`: each
        task's day totals of every member, when `own` holds only the members being judged."""
        peers = cls(())
        peers.own = own
        if every is None:
            every = {}
            for (_, task), days in own.items():
                every.setdefault(task, []).extend(days.values())
        peers.every = {task: sorted(values) for task, values in every.items()}
        return peers

    def percentile(self, member: int, task: str, percentile: int) -> float | None:
        """The nearest-rank percentile of the day totals of `task` of every member but `member`."""
        every = self.every.get(task, [])
        mine = sorted(self.own.get((member, task), {}).values())
        n = len(every) - len(mine)
        if n < MIN_PEER_DAYS:
            return None
        rank = max(1, math.ceil(percentile * n / 100))
        lo, hi = 0, len(every) - 1  # the first value with `rank` peer values at or below it
        while lo < hi:
            mid = (lo + hi) // 2
            v = every[mid]
            if bisect.bisect_right(every, v) - bisect.bisect_right(mine, v) >= rank:
                hi = mid
            else:
                lo = mid + 1
        return every[lo]


def median_without(ordered: Sequence[int], value: int) -> float:
    """The median of `ordered` (sorted) with one occurrence of `value` taken out."""
    i = bisect.bisect_left(ordered, value)
    n = len(ordered) - 1

    def at(k: int) -> int:
        return ordered[k] if k < i else ordered[k + 1]

    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


class PeerCounts:
    """Every member's day totals of one task, as value → how many days (the campaign's kept
    judgements carry them, bot/domain/task_flags.py): `percentile` is Peers.percentile's, with a
    member's own days given instead of looked up."""

    def __init__(self, counts: Mapping[int, int]) -> None:
        self.values = sorted(v for v, n in counts.items() if n)
        self.upto = list(itertools.accumulate(counts[v] for v in self.values))  # days at or below each value

    def percentile(self, mine: Sequence[int], percentile: int) -> float | None:
        """The nearest-rank percentile of every day total but `mine` (sorted)."""
        n = (self.upto[-1] if self.upto else 0) - len(mine)
        if n < MIN_PEER_DAYS:
            return None
        rank = max(1, math.ceil(percentile * n / 100))
        lo, hi = 0, len(self.values) - 1  # the first value with `rank` peer days at or below it
        while lo < hi:
            mid = (lo + hi) // 2
            if self.upto[mid] - bisect.bisect_right(mine, self.values[mid]) >= rank:
                hi = mid
            else:
                lo = mid + 1
        return self.values[lo]
