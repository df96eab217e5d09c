"""Anomaly flags (issue 11 §4): rules that point a reviewer at reports worth a second look.

A flag is a hint, never a verdict: it changes no count and is shown only to leaders, privately.
Each rule has a reason code and reads its threshold from `campaign.anomalies` (AnomalyThresholds).
Tasks are judged apart (a day of 20 leaflets says nothing about visits). The input is the live
ledger: entries neither rejected nor undone (an undo's correction cancels its entry exactly, so the
live entries already sum to the net counts) and, for the peers, daily totals of the whole campaign.

- SPIKE: a member's day total of a task above `spike_factor` × the median of their own *other*
  reporting days AND above the `spike_peer_percentile`-th percentile (nearest rank) of the other
  members' day totals of that task in the campaign. Peers are the campaign, not the unit: a village
  has three or four cadres, too few days to say what is usual. Minimum data: at least
  MIN_OWN_DAYS other days of the member's own and MIN_PEER_DAYS peer days, so a new member's first
  day is never a spike. The flag goes on the report whose running day total first passed both
  bounds; the member gets one per spike day.
- LAST_MINUTE: of a member's total of a task at a checkpoint (reports sent up to its due moment),
  more than `last_day_share` % sent in the 24 h before it (after due − 24 h, up to due). Minimum:
  a total of MIN_LAST_MINUTE_TOTAL. Every report in the window is flagged.
- OVER_QUOTA: a total above `over_quota_percent` % of the member's own quota (none: not judged).
  The report whose running total first passed the bound is flagged.
- NIGHT: sent between `night_start` (included) and `night_end` (excluded), local time; the span may
  cross midnight. A leader's entry for a member (/report_for) is not the member's night.
- ROUND_REPEAT: the same round number (a multiple of 10, at least 10) reported on
  `round_repeat_days` or more different days; every such report is flagged.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.live_entries import DayTotal, Entry
from bot.domain.model import AnomalyThresholds
from bot.domain.peers import Peers
from bot.domain.spikes import spike_days

MIN_LAST_MINUTE_TOTAL = 10  # a checkpoint total below this is too small to judge its share
ROUND_BASE = 10
LAST_WINDOW = timedelta(hours=24)


class Reason(enum.StrEnum):
    """In the order a report's reasons are shown."""

    SPIKE = "spike"
    LAST_MINUTE = "last_minute"
    OVER_QUOTA = "over_quota"
    NIGHT = "night"
    ROUND_REPEAT = "round_repeat"


@dataclass(frozen=True, slots=True)
class Flag:
    """One reason, with the figures its text shows:
    SPIKE: figure = the day's total, baseline = the member's median, day;
    LAST_MINUTE: figure = percent of the total sent in the last 24 h, when = the checkpoint's due;
    OVER_QUOTA: figure = percent of quota; NIGHT: when = sent (local time);
    ROUND_REPEAT: figure = the number, baseline = on how many days."""

    reason: Reason
    member_id: int
    task: str
    figure: int = 0
    baseline: float = 0
    when: datetime | None = None
    day: date | None = None


@dataclass(frozen=True, slots=True)
class Findings:
    reports: Mapping[int, tuple[Flag, ...]] = field(default_factory=dict)  # report id → its reasons
    members: Mapping[int, tuple[Flag, ...]] = field(default_factory=dict)  # member id → patterns

    def of(self, report_id: int) -> tuple[Flag, ...]:
        return self.reports.get(report_id, ())

    def about(self, member_id: int) -> tuple[Flag, ...]:
        return self.members.get(member_id, ())


def evaluate(
    entries: Sequence[Entry],
    day_totals: Iterable[DayTotal],
    thresholds: AnomalyThresholds,
    *,
    timezone: str,
    checkpoints: Sequence[datetime] = (),
    quotas: Mapping[tuple[int, str], int] | None = None,
) -> Findings:
    """Every flag on `entries` (the members being judged; their day totals must be in `day_totals`,
    which also holds the peers' of the whole campaign)."""
    reports: dict[int, list[Flag]] = {}
    members: dict[int, list[Flag]] = {}
    groups: dict[tuple[int, str], list[Entry]] = {}
    for e in sorted(entries, key=lambda e: (e.at, e.id)):
        groups.setdefault((e.member_id, e.task), []).append(e)
    zone = ZoneInfo(timezone)
    peers = Peers(day_totals)
    for (member, task), group in groups.items():
        found = [
            *_spikes(group, peers, member, task, thresholds),
            *task_rules(group, (quotas or {}).get((member, task), 0), checkpoints, thresholds, zone),
        ]
        for flagged, flag in found:
            for e in flagged:
                reports.setdefault(e.id, []).append(flag)
            if flag.reason is not Reason.NIGHT:
                members.setdefault(member, []).append(flag)
    order = list(Reason)
    return Findings(
        {i: tuple(sorted(fs, key=lambda f: order.index(f.reason))) for i, fs in reports.items()},
        {m: tuple(sorted(fs, key=lambda f: order.index(f.reason))) for m, fs in members.items()},
    )


_Found = Iterable[tuple[Sequence[Entry], Flag]]


def _spikes(group: Sequence[Entry], peers: Peers, member: int, task: str, th: AnomalyThresholds) -> _Found:
    candidates = spike_days(group, peers.own.get((member, task), {}), th)
    if not candidates:
        return
    ceiling = peers.percentile(member, task, th.spike_peer_percentile)
    by_id = {e.id: e for e in group}
    for s in candidates:
        entry = s.flagged(ceiling)
        if entry is not None:
            yield [by_id[entry]], Flag(Reason.SPIKE, member, task, s.total, s.median, day=s.day)


def task_rules(
    group: Sequence[Entry], quota: int, checkpoints: Sequence[datetime], th: AnomalyThresholds, zone: ZoneInfo
) -> list[tuple[Sequence[Entry], Flag]]:
    """Every rule but SPIKE over one member-task's live entries (in the order sent): none of them
    reads another member's reports, so a member-task's flags change only with its own writes."""
    return [
        *_last_minute(group, checkpoints, th),
        *_over_quota(group, quota, th),
        *_night(group, zone, th.night_start, th.night_end),
        *_round_repeats(group, th.round_repeat_days),
    ]


def _last_minute(group: Sequence[Entry], checkpoints: Sequence[datetime], th: AnomalyThresholds) -> _Found:
    moments = [e.at for e in group]  # sorted: `group` is in the order the reports were sent
    running = list(itertools.accumulate((e.delta for e in group), initial=0))
    for due in checkpoints:
        end = bisect.bisect_right(moments, due)  # sent up to the due moment
        start = bisect.bisect_right(moments, due - LAST_WINDOW)  # … of which after due − 24 h
        total, late = running[end], running[end] - running[start]
        if total >= MIN_LAST_MINUTE_TOTAL and late * 100 > th.last_day_share * total:
            share = round(late * 100 / total)
            yield group[start:end], Flag(Reason.LAST_MINUTE, group[0].member_id, group[0].task, share, when=due)


def _over_quota(group: Sequence[Entry], quota: int, th: AnomalyThresholds) -> _Found:
    if quota <= 0:
        return
    total = sum(e.delta for e in group)
    if total * 100 <= th.over_quota_percent * quota:
        return
    running = 0
    for e in group:
        running += e.delta
        if running * 100 > th.over_quota_percent * quota:
            percent = math.floor(total * 100 / quota)
            yield [e], Flag(Reason.OVER_QUOTA, e.member_id, e.task, percent)
            return


def _is_night(moment: time, start: time, end: time) -> bool:
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end  # the span crosses midnight


def _night(group: Sequence[Entry], zone: ZoneInfo, start: time, end: time) -> _Found:
    for e in group:
        local = e.at.astimezone(zone)
        if not e.proxy and _is_night(local.time().replace(tzinfo=None), start, end):
            yield [e], Flag(Reason.NIGHT, e.member_id, e.task, when=local)


def _round_repeats(group: Sequence[Entry], days_needed: int) -> _Found:
    by_value: dict[int, list[Entry]] = {}
    for e in group:
        if e.delta >= ROUND_BASE and e.delta % ROUND_BASE == 0:
            by_value.setdefault(e.delta, []).append(e)
    for value, same in by_value.items():
        days = len({e.day for e in same})
        if days >= days_needed:
            yield same, Flag(Reason.ROUND_REPEAT, same[0].member_id, same[0].task, value, days)
