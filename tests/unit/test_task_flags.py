"""One member-task judged alone (bot/domain/task_flags.py, spikes.py, peers.py PeerCounts), by hand.

甲 reports visits (quota 10) on five days, at 10:00 unless said (Shanghai):
  11-01: 2          11-02: 2        11-03: 3         11-04: 20 then 20 at 23:30   11-05: 3
Day totals 2, 2, 3, 40, 3; sorted 2, 2, 3, 3, 40. 11-04's median of the other days (2, 2, 3, 3) is 2.5,
so its own bound is 3 × 2.5 = 7.5: a candidate spike day, whose running totals are 20 then 40. No other
day passes its own bound (11-03's median without it is 2.5, 3 ≤ 7.5). The total 50 passes 150 % of 10
(15) at the first 20 (running 2+2+3+20 = 27 > 15). The 23:30 report is at night. 20 twice on one day is
a round number on one day only: no ROUND_REPEAT (needs 3 days).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.anomalies import Reason
from bot.domain.live_entries import DayTotal, Entry
from bot.domain.model import AnomalyThresholds
from bot.domain.peers import PeerCounts, Peers
from bot.domain.task_flags import judge_task

SH = ZoneInfo("Asia/Shanghai")


def _entry(i: int, day: int, delta: int, hour: int = 10, minute: int = 0) -> Entry:
    at = datetime(2026, 11, day, hour, minute, tzinfo=SH)
    return Entry(i, 7, "visit", delta, at, date(2026, 11, day))


GROUP = [
    _entry(1, 1, 2),
    _entry(2, 2, 2),
    _entry(3, 3, 3),
    _entry(4, 4, 20),
    _entry(5, 4, 20, 23, 30),
    _entry(6, 5, 3),
]


def test_a_member_task_is_judged_by_its_own_reports() -> None:
    judged = judge_task(GROUP, {4, 5, 6}, quota=10, checkpoints=(), thresholds=AnomalyThresholds(), zone=SH)
    assert judged.days == (2, 2, 3, 3, 40)
    assert {i: [f.reason for f in fs] for i, fs in judged.marked.items()} == {
        4: [Reason.OVER_QUOTA],
        5: [Reason.NIGHT],
    }
    [spike] = judged.spikes
    assert (spike.day, spike.total, spike.median, spike.own, spike.steps) == (
        date(2026, 11, 4),
        40,
        2.5,
        7.5,
        ((4, 20), (5, 40)),
    )
    assert judged.pending_spiked == frozenset({4, 5})


def test_the_spike_falls_on_the_report_that_passed_the_higher_bound() -> None:
    judged = judge_task(GROUP, {4, 5, 6}, quota=10, checkpoints=(), thresholds=AnomalyThresholds(), zone=SH)
    assert judged.spiked(None) == {}  # too few peer days: no ceiling, no spike
    assert list(judged.spiked(5)) == [4]  # bound max(7.5, 5) = 7.5: the first 20 passes it
    assert list(judged.spiked(25)) == [5]  # bound 25: only the running 40 passes it
    assert judged.spiked(40) == {}  # the day's 40 is not above 40
    assert [f.reason for f in judged.flags(25)[5]] == [Reason.SPIKE, Reason.NIGHT]
    assert judged.flagged_count(5) == 2  # the spike falls on report 4, already flagged
    assert judged.flagged_count(25) == 2  # … or on report 5, already flagged too


def test_a_spike_on_a_decided_report_is_not_counted() -> None:
    judged = judge_task(GROUP, {6}, quota=10, checkpoints=(), thresholds=AnomalyThresholds(), zone=SH)
    assert judged.marked == {}
    assert judged.spiked(5) == {}
    assert judged.flagged_count(5) == 0


# The peers' percentile from counts: day totals 1 ×3, 2 ×2, 5 ×1, 9 ×4 (ten days); a member's own 9, 9
# left out leaves 1, 1, 1, 2, 2, 5, 9, 9 (eight): the 95th percentile is rank ⌈7.6⌉ = 8 → 9, the 50th
# rank 4 → 2, the 10th rank 1 → 1.
COUNTS = {1: 3, 2: 2, 5: 1, 9: 4}
TABLE = [(95, (9, 9), 9), (50, (9, 9), 2), (10, (9, 9), 1), (95, (), 9), (50, (), 2), (70, (1, 1, 1), 9)]


def test_the_peers_percentile_from_counts_by_hand() -> None:
    peers = PeerCounts(COUNTS)
    for percentile, mine, expected in TABLE:
        assert peers.percentile(mine, percentile) == expected, (percentile, mine)


def test_the_percentile_from_counts_is_the_percentile_from_every_day() -> None:
    """Each of the ten days a member of its own: leaving out one member's day, both ways agree."""
    days = [v for v, n in COUNTS.items() for _ in range(n)]
    every = Peers([DayTotal(member, "visit", date(2026, 11, 1), total) for member, total in enumerate(days)])
    for member, total in enumerate(days):
        for percentile in (10, 50, 95):
            assert PeerCounts(COUNTS).percentile((total,), percentile) == every.percentile(member, "visit", percentile)


def test_too_few_peer_days_give_no_ceiling() -> None:
    assert PeerCounts({3: 5}).percentile((3,), 95) is None  # four peer days
    assert PeerCounts({3: 5}).percentile((), 95) == 3
