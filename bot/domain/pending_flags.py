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
    DayTotal,
    Entry,
    Findings,
    Flag,
    Reason,
    _is_night,
)
from bot.domain.model import AnomalyThresholds
from bot.domain.peers import Peers, median_without


@dataclass(frozen=True, slots=True)
class Slice:
    """The live entries of one member and task for one counted day, sent on one local day (`sent`:
    days since the epoch, so a smaller `sent` was sent earlier): their sum, their smallest delta,
    the round numbers among them, and per checkpoint the sum sent up to its due moment and the sum
    sent in the 24 h before it."""

    member_id: int
    task: str
    day: date
    sent: int
    total: int
    smallest: int
    rounds: frozenset[int] = frozenset()
    upto: tuple[int, ...] = ()
    late: tuple[int, ...] = ()


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
    sent: dict[int, int] = field(default_factory=dict)
    smallest: int = 0
    total: int = 0
    upto: list[int] = field(default_factory=list)
    late: list[int] = field(default_factory=list)
    rounds: dict[int, set[date]] = field(default_factory=dict)


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
    ) -> None:
        self.pending = sorted(pending, key=lambda e: (e.at, e.id))
        self.offset = offset_seconds  # the fixed offset that the slices' `sent` was taken at
        self.th, self.zone, self.checkpoints, self.quotas = thresholds, ZoneInfo(timezone), checkpoints, quotas or {}
        self.tasks: dict[tuple[int, str], _Task] = {}
        totals: dict[tuple[int, str, date], int] = {}
        for s in slices:
            t = self.tasks.get((s.member_id, s.task))
            if t is None:
                t = self.tasks[(s.member_id, s.task)] = _Task(smallest=s.smallest, upto=[0] * len(checkpoints))
                t.late = [0] * len(checkpoints)
            t.days[s.day] = t.days.get(s.day, 0) + s.total
            t.sent[s.sent] = t.sent.get(s.sent, 0) + s.total
            t.smallest = min(t.smallest, s.smallest)
            t.total += s.total
            for i in range(len(checkpoints)):
                t.upto[i] += s.upto[i]
                t.late[i] += s.late[i]
            for value in s.rounds:
                t.rounds.setdefault(value, set()).add(s.day)
            key = (s.member_id, s.task, s.day)
            totals[key] = totals.get(key, 0) + s.total
        self.peers = Peers(DayTotal(m, t, d, n) for (m, t, d), n in totals.items())
        self._spikes: dict[tuple[int, str, date], Crossing] = {}
        self._quota: dict[tuple[int, str], Crossing] = {}

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
                    c = self._spikes[(member, task, day)] = Crossing(member, task, spike[0], day=day)
                    found.append(c)
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
            self._quota[(member, task)] = c
            found.append(c)
        return found

    def findings(self, found: Mapping[Crossing, int | None]) -> Findings:
        reports: dict[int, tuple[Flag, ...]] = {}
        for e in self.pending:
            flags = self._flags(e, found)
            if flags:
                reports[e.id] = tuple(flags)
        return Findings(reports, {})

    def _sent(self, e: Entry) -> int:
        return (int(e.at.timestamp()) + self.offset) // 86_400

    def _spike_bound(self, member: int, task: str, t: _Task, day: date) -> tuple[float, float] | None:
        if len(t.days) <= MIN_OWN_DAYS or day not in t.days:
            return None
        ceiling = self.peers.percentile(member, task, self.th.spike_peer_percentile)
        if ceiling is None:
            return None
        total = t.days[day]
        median = median_without(sorted(t.days.values()), total)
        bound = max(self.th.spike_factor * median, ceiling)
        return (bound, median) if total > bound else None

    def _flags(self, e: Entry, found: Mapping[Crossing, int | None]) -> list[Flag]:
        key, th = (e.member_id, e.task), self.th
        t = self.tasks.get(key)
        if t is None:
            return []
        flags: list[Flag] = []
        spike = self._spikes.get((*key, e.day))
        if spike is not None and found.get(spike) == e.id:
            median = median_without(sorted(t.days.values()), t.days[e.day])
            flags.append(Flag(Reason.SPIKE, *key, t.days[e.day], median, day=e.day))
        for i, due in enumerate(self.checkpoints):
            total, late = t.upto[i], t.late[i]
            inside = due - LAST_WINDOW < e.at <= due
            if inside and total >= MIN_LAST_MINUTE_TOTAL and late * 100 > th.last_day_share * total:
                flags.append(Flag(Reason.LAST_MINUTE, *key, round(late * 100 / total), when=due))
        quota = self._quota.get(key)
        if quota is not None and found.get(quota) == e.id:
            percent = math.floor(t.total * 100 / self.quotas[key])
            flags.append(Flag(Reason.OVER_QUOTA, *key, percent))
        local = e.at.astimezone(self.zone)
        if not e.proxy and _is_night(local.time().replace(tzinfo=None), th.night_start, th.night_end):
            flags.append(Flag(Reason.NIGHT, *key, when=local))
        days = t.rounds.get(e.delta, set())
        if days and len(days) >= th.round_repeat_days:
            flags.append(Flag(Reason.ROUND_REPEAT, *key, e.delta, len(days)))
        return flags
