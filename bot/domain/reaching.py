"""When an assignee reached its level — the ranking's tie-break, "ties: earlier to reach it" (SPEC §3.3):
the moment its *capped* completion last changed.

Per task with a quota, the assignee's counted entries (a unit: those of every member of its subtree,
merged) are taken in the order they became counted — when sent; under `verification: required`, when
verified — and the entries of one moment are one step (an edit is its take-back and its new revision,
written together: a step of net 0 when the count is the same). Following min(running sum, quota), the
task's moment is the last step where that capped value changed: work beyond the quota moves nothing,
nor does an edit that keeps the count; a correction (an /undo, an edit that changes the count) counts at
its own time, since that is when the number changed — below the quota it moves the moment, beyond it
nothing. The assignee's moment is the latest over its tasks with a quota; with no quota at all, the
last change of any task's uncapped sum.

A unit's moment is not its members' latest: it crosses its quota at one member's report, after which
the others' reports move nothing. So it is found on the subtree's steps themselves (`last_change`),
without merging them: between two moments where some member took work back the unit's sum only grows,
so its crossing there is a binary search over time, each probe a bisection per member."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate

_UNCAPPED = 1 << 62  # no quota: every change of the sum counts


class Steps:
    """One member-task's counted entries as steps: the moments (unix seconds, increasing) and each
    moment's net (never 0: a moment whose entries cancel out moved nothing).

    Storage hands them over as read (`raw`: the entries' moments and deltas in time order, as two
    comma-separated lists) and they are made steps the first time they are looked at: a county's book
    holds a million entries, and only a ranking ever looks (a digest ranks no one)."""

    __slots__ = ("_at", "_cum", "_negative", "_net", "_raw")

    def __init__(self, at: Sequence[int] = (), net: Sequence[int] = (), *, raw: tuple[str, str] | None = None) -> None:
        self._raw = raw
        if raw is None:
            self._set(at, net)

    def _set(self, at: Sequence[int], net: Sequence[int]) -> None:
        self._at, self._net = tuple(at), tuple(net)
        self._cum = (0, *accumulate(self._net))  # the running sum before the first step, after each one
        negative = min(self._net, default=0) < 0  # seldom: an /undo, an edit lowering a count
        self._negative = tuple(t for t, n in zip(self._at, self._net, strict=True) if n < 0) if negative else ()

    def _load(self) -> None:
        if self._raw is None:
            return
        moments, deltas = self._raw
        at, net = list(map(int, moments.split(","))), list(map(int, deltas.split(",")))
        self._raw = None
        if len(set(at)) == len(at) and 0 not in net and at == sorted(at):
            self._set(at, net)
        else:  # entries of one moment (an edit), or netting 0: summed, left out
            merged = Steps.of(zip(at, net, strict=True))
            self._set(merged._at, merged._net)

    @classmethod
    def of(cls, entries: Iterable[tuple[int, int]]) -> Steps:
        """From (moment, delta) entries in any order: those of one moment summed, the zero ones left out."""
        nets: dict[int, int] = {}
        for t, d in entries:
            nets[t] = nets.get(t, 0) + d
        moments = sorted(t for t, n in nets.items() if n)
        return cls(moments, [nets[t] for t in moments])

    @property
    def at(self) -> tuple[int, ...]:
        self._load()
        return self._at

    @property
    def net(self) -> tuple[int, ...]:
        self._load()
        return self._net

    @property
    def negative(self) -> tuple[int, ...]:
        """The moments the sum stepped down."""
        self._load()
        return self._negative

    def through(self, t: int) -> int:
        """The running sum once every step at or before `t` is taken."""
        self._load()
        return self._cum[bisect_right(self._at, t)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Steps) and (self.at, self.net) == (other.at, other.net)

    def __hash__(self) -> int:
        return hash((self.at, self.net))

    def __repr__(self) -> str:
        return f"Steps({list(zip(self.at, self.net, strict=True))})"


NO_STEPS = Steps((), ())


def last_change(parts: Sequence[Steps], quota: int | None) -> int | None:
    """The last moment min(sum, quota) changed over the merged steps of `parts` (one per member-task of
    the assignee); `quota` None: uncapped. None when it never changed (a quota of 0 never does).

    From the latest moment back: the moments where some part steps down bound stretches in which the
    sum only grows, so in a stretch the capped value last changes at the crossing of the quota (or at
    the stretch's latest step, when that step starts below the quota); a bounding moment is checked on
    its own (the sum may cross the quota either way there)."""
    parts = [p for p in parts if p.at]
    cap = _UNCAPPED if quota is None else quota
    if not parts or cap <= 0:
        return None
    runs = [(p._at, p._cum) for p in parts]  # a unit's roll-up asks this for every member, many times

    def through(t: int) -> int:
        return sum(cum[bisect_right(at, t)] for at, cum in runs)

    downs = sorted({t for p in parts for t in p.negative})
    upper: int | None = None  # the stretch is (lower, upper): no part steps down inside it
    for lower in [*reversed(downs), None]:
        latest = _latest_inside(parts, lower, upper)
        if latest is not None and (lower is None or through(lower) < cap):
            if through(latest - 1) < cap:
                return latest
            # The stretch crossed the quota before its latest step: the crossing, by bisection — over a
            # member's own steps, or over time for a unit's many (each probe a bisection per member).
            if len(runs) == 1:
                at, cum = runs[0]
                first = 0 if lower is None else bisect_right(at, lower)
                return at[bisect_left(cum, cap, first + 1, bisect_left(at, latest) + 1) - 1]
            lo, hi = (min(p.at[0] for p in parts) - 1 if lower is None else lower), latest - 1
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if through(mid) >= cap else (mid, hi)
            return hi
        if lower is not None and min(through(lower - 1), cap) != min(through(lower), cap):
            return lower
        upper = lower
    return None


def _latest_inside(parts: Sequence[Steps], lower: int | None, upper: int | None) -> int | None:
    """The latest step of any part strictly inside (lower, upper) (None: unbounded)."""
    latest = None
    for p in parts:
        i = len(p.at) if upper is None else bisect_left(p.at, upper)
        if i and (lower is None or p.at[i - 1] > lower) and (latest is None or p.at[i - 1] > latest):
            latest = p.at[i - 1]
    return latest
