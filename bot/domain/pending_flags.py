"""The anomaly flags of *pending* reports only, from aggregates (issue 11 §4): what /verify, /sample and
the leaders' digests show, at a cost that follows the backlog rather than the ledger.

The rules are those of bot/domain/anomalies.py, to the letter; only their inputs differ. Instead of
every live entry of the members judged, this reads per member, task, day and sent day (the local day
the report was sent) one `Slice` of sums, and the pending entries themselves:

- SPIKE and OVER_QUOTA flag the report whose running total *first* passed a bound. Which day's or
  member-task's bound is passed follows from the sums; the one report that passed it is then found
  from the few entries that can hold it (`Crossing`): the spike day's, or, when no entry of the
  member-task is negative, those of the first sent day whose running total passes the bound (a
  negative entry could pass, fall back and pass again, so then every entry of the member-task).
- LAST_MINUTE: the totals up to each checkpoint and in the 24 h before it, summed by SQL.
- ROUND_REPEAT: on how many days each round number was reported, from the values of each day.
- NIGHT: the pending entry itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.anomalies import (
    LAST_WINDOW,
    MIN_LAST_MINUTE_TOTAL,
    MIN_OWN_DAYS,
    Entry,
    Findings,
    Flag,
    Reason,
    _is_night,
)
from bot.domain.model import AnomalyThresholds
from bot.domain.peers import Peers, median_without

NEGATIVE = -(1 << 62)  # the smallest delta of a member-task known only to have a negative entry


@dataclass(frozen=True, slots=True)
class Slice:
    """Live entries of one member and task for one counted day, sent on one local day (`sent`: days
    since the epoch, so a smaller `sent` was sent earlier): their sum and number, their smallest
    delta, how often each round number occurs, and per checkpoint the sum sent up to its due moment
    and the sum sent in the 24 h before it. Slices add up: a repository may give a coarse slice and
    then slices with negative sums and numbers that take entries out of it again (an undone entry)
    or move them to another day (a named work day); `smallest` may then be lower than the live
    entries' (never higher), which only makes the over-quota search read more entries."""

    member_id: int
    task: str
    day: date
    sent: int
    total: int
    count: int = 1
    smallest: int = 0
    rounds: tuple[tuple[int, int], ...] = ()  # (round number, how many times)
    upto: tuple[int, ...] = ()
    late: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskDays:
    """One member-task's live entries already summed (the day sums kept by the ledger's writes): per
    counted day, per sent day, in all, and whether any is negative. Slices given beside them only add
    their rounds and checkpoint sums (a slice of no entries and no sum touches no day)."""

    member_id: int
    task: str
    days: dict[date, int]
    sent: dict[int, int]
    total: int
    negative: bool = False


@dataclass(frozen=True, slots=True)
class Crossing:
    """Where to look for the entry that first passed `bound`: the member-task's entries of `day`
    (a spike), or those sent on local days `sent_from`..`sent_to` (over quota; None: unbounded), whose
    running total starts at `before`."""

    member_id: int
    task: str
    bound: float
    before: int = 0
    day: date | None = None
    sent_from: int | None = None
    sent_to: int | None = None


@dataclass(slots=True)
class _Task:
    days: dict[date, int] = field(default_factory=dict)
    counts: dict[date, int] = field(default_factory=dict)
    sent: dict[int, int] = field(default_factory=dict)
    smallest: int = 0
    total: int = 0
    upto: list[int] = field(default_factory=list)
    late: list[int] = field(default_factory=list)
    rounds: dict[int, dict[date, int]] = field(default_factory=dict)
    ordered: list[int] | None = None  # the day totals sorted, once asked
    ceiling: float | None = None
    ceiling_known: bool = False


def first_past(entries: Iterable[Entry], before: int, bound: float) -> int | None:
    """The id of the first entry (in the order sent) whose running total, from `before`, passes `bound`."""
    running = before
    for e in sorted(entries, key=lambda e: (e.at, e.id)):
        running += e.delta
        if running > bound:
            return e.id
    return None


class PendingJudge:
    """Step 1: `crossings()` says which entries to read; step 2: `findings(found)` with, per crossing,
    the id of the entry that passed its bound (`first_past` over those entries)."""

    def __init__(
        self,
        slices: Iterable[Slice],
        pending: Sequence[Entry],
        thresholds: AnomalyThresholds,
        *,
        timezone: str,
        offset_seconds: int,
        checkpoints: Sequence[datetime] = (),
        quotas: Mapping[tuple[int, str], int] | None = None,
        summed: Iterable[TaskDays] = (),
        peers: dict[str, list[int]] | None = None,
    ) -> None:
        self.pending = sorted(pending, key=lambda e: (e.at, e.id))
        self.offset = offset_seconds  # the fixed offset that the slices' `sent` was taken at
        self.th, self.zone, self.checkpoints, self.quotas = thresholds, ZoneInfo(timezone), checkpoints, quotas or {}
        self.tasks: dict[tuple[int, str], _Task] = {}
        n = len(checkpoints)
        for d in summed:
            smallest = NEGATIVE if d.negative else 0
            self.tasks[(d.member_id, d.task)] = _Task(d.days, {}, d.sent, smallest, d.total, [0] * n, [0] * n)
        for s in slices:
            t = self.tasks.get((s.member_id, s.task))
            if t is None:
                t = self.tasks[(s.member_id, s.task)] = _Task(smallest=s.smallest, upto=[0] * n, late=[0] * n)
            if s.count or s.total:
                t.days[s.day] = t.days.get(s.day, 0) + s.total
                t.counts[s.day] = t.counts.get(s.day, 0) + s.count
                t.sent[s.sent] = t.sent.get(s.sent, 0) + s.total
            if s.smallest < t.smallest:
                t.smallest = s.smallest
            t.total += s.total
            if n:
                for i in range(n):
                    t.upto[i] += s.upto[i]
                    t.late[i] += s.late[i]
            for value, times in s.rounds:
                on = t.rounds.setdefault(value, {})
                on[s.day] = on.get(s.day, 0) + times
        for t in self.tasks.values():  # a day whose every entry was taken out is no reporting day
            for day in [d for d, c in t.counts.items() if c <= 0]:
                del t.days[day]
            for value, on in t.rounds.items():
                t.rounds[value] = {d: c for d, c in on.items() if c > 0}
        # `peers`: every member's day totals per task, when the slices hold only those being judged
        self.peers = Peers.of({key: t.days for key, t in self.tasks.items()}, peers)

    def crossings(self) -> list[Crossing]:
        """The bounds passed by some member-task or day that a pending report could have passed."""
        found: list[Crossing] = []
        days_pending: dict[tuple[int, str], set[date]] = {}
        sent_pending: dict[tuple[int, str], set[int]] = {}
        for e in self.pending:
            days_pending.setdefault((e.member_id, e.task), set()).add(e.day)
            sent_pending.setdefault((e.member_id, e.task), set()).add(self._sent(e))
        for (member, task), days in days_pending.items():
            t = self.tasks.get((member, task))
            if t is None:
                continue
            for day in days:
                spike = self._spike_bound(member, task, t, day)
                if spike is not None:
                    found.append(Crossing(member, task, spike[0], day=day))
            quota = self.quotas.get((member, task), 0)
            bound = self.th.over_quota_percent * quota / 100
            if quota <= 0 or t.total * 100 <= self.th.over_quota_percent * quota:
                continue
            if t.smallest < 0:
                c = Crossing(member, task, bound)
            else:
                running, first = 0, max(t.sent)
                for sent in sorted(t.sent):
                    if running + t.sent[sent] > bound:
                        first = sent
                        break
                    running += t.sent[sent]
                if first not in sent_pending[(member, task)]:
                    continue  # the report that passed it is not pending
                c = Crossing(member, task, bound, running, sent_from=first, sent_to=first)
            found.append(c)
        return found

    def findings(self, found: Mapping[Crossing, int | None]) -> Findings:
        passed: dict[int, list[Flag]] = {}  # the entry that passed a bound → its SPIKE / OVER_QUOTA
        for c, entry_id in found.items():
            if entry_id is None:
                continue
            key = (c.member_id, c.task)
            t = self.tasks[key]
            if c.day is not None:
                total = t.days[c.day]
                flag = Flag(Reason.SPIKE, *key, total, median_without(self._ordered(t), total), day=c.day)
            else:
                flag = Flag(Reason.OVER_QUOTA, *key, math.floor(t.total * 100 / self.quotas[key]))
            passed.setdefault(entry_id, []).append(flag)
        reports: dict[int, tuple[Flag, ...]] = {}
        for e in self.pending:
            flags = self._flags(e, passed.get(e.id, ()))
            if flags:
                reports[e.id] = tuple(flags)
        return Findings(reports, {})

    def _sent(self, e: Entry) -> int:
        return (int(e.at.timestamp()) + self.offset) // 86_400

    def _spike_bound(self, member: int, task: str, t: _Task, day: date) -> tuple[float, float] | None:
        if len(t.days) <= MIN_OWN_DAYS or day not in t.days:
            return None
        if not t.ceiling_known:  # once per member-task, not per day
            t.ceiling, t.ceiling_known = self.peers.percentile(member, task, self.th.spike_peer_percentile), True
        ceiling = t.ceiling
        if ceiling is None:
            return None
        total = t.days[day]
        median = median_without(self._ordered(t), total)
        bound = max(self.th.spike_factor * median, ceiling)
        return (bound, median) if total > bound else None

    @staticmethod
    def _ordered(t: _Task) -> list[int]:
        if t.ordered is None:
            t.ordered = sorted(t.days.values())
        return t.ordered

    def _flags(self, e: Entry, passed: Sequence[Flag]) -> list[Flag]:
        key, th = (e.member_id, e.task), self.th
        t = self.tasks.get(key)
        if t is None:
            return []
        flags = [f for f in passed if f.reason is Reason.SPIKE]
        for i, due in enumerate(self.checkpoints):
            total, late = t.upto[i], t.late[i]
            inside = due - LAST_WINDOW < e.at <= due
            if inside and total >= MIN_LAST_MINUTE_TOTAL and late * 100 > th.last_day_share * total:
                flags.append(Flag(Reason.LAST_MINUTE, *key, round(late * 100 / total), when=due))
        flags += [f for f in passed if f.reason is Reason.OVER_QUOTA]
        local = e.at.astimezone(self.zone)
        if not e.proxy and _is_night(local.time().replace(tzinfo=None), th.night_start, th.night_end):
            flags.append(Flag(Reason.NIGHT, *key, when=local))
        days = t.rounds.get(e.delta, {})
        if days and len(days) >= th.round_repeat_days:
            flags.append(Flag(Reason.ROUND_REPEAT, *key, e.delta, len(days)))
        return flags
