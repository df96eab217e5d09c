"""When an assignee reached its level — the ranking's tie-break, "ties: earlier to reach it" (SPEC §3.3):
since when its *capped* completion has held the level it stands at.

Per task with a quota, the assignee's counted entries (a unit: those of every member of its subtree,
merged) are taken in the order they became counted — when sent; under `verification: required`, when
verified — and the entries of one moment are one step (an edit is its take-back and its new revision,
written together: a step of net 0 when the count is the same). Following min(running sum, quota), the
task's moment is the last step that took it from below its final level to that level: work beyond the
quota moves nothing, nor does an edit that keeps the count, nor a correction that leaves the level one
held before (a village at 55 % taking a slip back to 50 % has held 50 % since it first reached it); a
correction that takes it below a level it then reaches again moves the moment to that reaching. The
assignee's moment is the latest over its tasks with a quota; with no quota at all, the same over the
tasks' uncapped sums.

A unit's moment is not its members' latest: it crosses its quota at one member's report, after which
the others' reports move nothing. So it is found on the subtree's steps themselves (`held_since`),
without merging them: after the last moment the merged sum stepped below the level it only grows, so
the reaching is a binary search over time, each probe a bisection per member."""

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


def held_since(parts: Sequence[Steps], quota: int | None) -> int | None:
    """Since when the merged steps of `parts` (one per member-task of the assignee) have held the level
    they end at — min(sum, quota); `quota` None: uncapped: the moment of the last step that took the
    sum from below that level to it. None when the level is nothing (no steps, a quota of 0).

    Only where the merged sum steps down can it fall below the level after being at it, so: the latest
    such moment that leaves it below the level bounds a stretch in which the sum only grows, and the
    level is reached at the first moment of that stretch at or above it (a bisection — over a member's
    own steps, or over time for a unit's many, each probe a bisection per member); with no such moment,
    the stretch is the whole."""
    parts = [p for p in parts if p.at]  # (`at` loads the steps the storage handed over)
    cap = _UNCAPPED if quota is None else quota
    if not parts or cap <= 0:
        return None
    runs = [(p._at, p._cum) for p in parts]  # a unit's roll-up asks this for every member, many times

    def through(t: int) -> int:
        return sum(cum[bisect_right(at, t)] for at, cum in runs)

    level = min(sum(cum[-1] for _, cum in runs), cap)
    if level <= 0:
        return None
    downs = sorted({t for p in parts for t in p.negative})
    downs = [t for t in downs if through(t) < through(t - 1)]  # the merged sum stepped down there
    lower = next((t for t in reversed(downs) if through(t) < level), None)
    # Up to the next step down the sum only grows, and it is above the level right before it.
    upper = next((t for t in downs if lower is None or t > lower), None)
    if len(runs) == 1:
        at, cum = runs[0]
        first = 0 if lower is None else bisect_right(at, lower)
        end = len(at) if upper is None else bisect_left(at, upper)
        return at[bisect_left(cum, level, first + 1, end + 1) - 1]
    lo = min(p.at[0] for p in parts) - 1 if lower is None else lower
    hi = max(p.at[-1] for p in parts) if upper is None else upper - 1
    while hi - lo > 1:  # through(lo) < level <= through(hi)
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if through(mid) >= level else (mid, hi)
    return hi
