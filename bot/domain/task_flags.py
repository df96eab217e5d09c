"""One member-task's flags, judged apart from every other member's (issue 11 §4): what a county's
digest counts without reading the ledger again.

Every rule but SPIKE reads only the member-task's own live entries (bot/domain/anomalies.py
`task_rules`), and SPIKE reads beyond them one number: the peers' ceiling, the percentile of every
other member's day totals. So a member-task is judged once per write to it (`judge_task`) and kept;
the ceiling is applied when asked (`TaskJudgement.flags`), from the campaign's day totals, which the
kept judgements also carry (`days`). The flags are those `evaluate` gives the same reports, to the
letter: tests/services/test_flag_marks.py compares them on randomized ledgers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.anomalies import Flag, Reason, task_rules
from bot.domain.live_entries import Entry
from bot.domain.model import AnomalyThresholds
from bot.domain.spikes import SpikeDay, spike_days

_ORDER = {reason: i for i, reason in enumerate(Reason)}


@dataclass(frozen=True, slots=True)
class TaskJudgement:
    """One member-task's pending reports' flags but SPIKE (`marked`), its day totals sorted (the peers'
    percentile leaves a member's own out), its candidate spike days, and which entries of those days
    are pending."""

    member_id: int
    task: str
    days: tuple[int, ...]
    marked: Mapping[int, tuple[Flag, ...]]
    spikes: tuple[SpikeDay, ...] = ()
    pending_spiked: frozenset[int] = frozenset()

    def spiked(self, ceiling: float | None) -> dict[int, Flag]:
        """Pending entry id → its SPIKE flag, under the peers' `ceiling` (None: too few peer days)."""
        found = {}
        for s in self.spikes:
            entry = s.flagged(ceiling)
            if entry is not None and entry in self.pending_spiked:
                found[entry] = Flag(Reason.SPIKE, self.member_id, self.task, s.total, s.median, day=s.day)
        return found

    def flags(self, ceiling: float | None) -> dict[int, tuple[Flag, ...]]:
        """Pending entry id → every reason, in the order shown."""
        out = dict(self.marked)
        for entry, flag in self.spiked(ceiling).items():
            out[entry] = tuple(sorted((flag, *out.get(entry, ())), key=lambda f: _ORDER[f.reason]))
        return out

    def flagged_count(self, ceiling: float | None) -> int:
        """How many pending reports have a reason."""
        return len(self.marked) + sum(1 for entry in self.spiked(ceiling) if entry not in self.marked)


def judge_task(
    group: Sequence[Entry],
    pending: set[int] | frozenset[int],
    *,
    quota: int,
    checkpoints: Sequence[datetime],
    thresholds: AnomalyThresholds,
    zone: ZoneInfo,
) -> TaskJudgement:
    """The member-task of `group` (its every live entry, in the order sent), for its `pending` ones."""
    first = group[0]
    days: dict[date, int] = {}
    for e in group:
        days[e.day] = days.get(e.day, 0) + e.delta
    marked: dict[int, list[Flag]] = {}
    for entries, flag in task_rules(group, quota, checkpoints, thresholds, zone):
        for e in entries:
            if e.id in pending:
                marked.setdefault(e.id, []).append(flag)
    spikes = spike_days(group, days, thresholds)
    return TaskJudgement(
        first.member_id,
        first.task,
        tuple(sorted(days.values())),
        {i: tuple(sorted(fs, key=lambda f: _ORDER[f.reason])) for i, fs in marked.items()},
        spikes,
        frozenset(i for s in spikes for i, _ in s.steps if i in pending),
    )
