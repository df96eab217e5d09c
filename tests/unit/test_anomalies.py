"""Anomaly flags (issue 11 §4): one hand-computed table per rule, edges included.

Times are Asia/Shanghai; the thresholds are the defaults (3× own median and above the peers' 95th
percentile; 40 % in the last 24 h; 150 % of quota; 23:00–05:00; a round number on 3 days)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.anomalies import Findings, Reason, evaluate
from bot.domain.live_entries import DayTotal, Entry
from bot.domain.model import AnomalyThresholds
from bot.domain.peers import nearest_rank

TZ = ZoneInfo("Asia/Shanghai")
DEFAULTS = AnomalyThresholds()


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


_ids = iter(range(1, 1_000_000))


def entry(member: int, delta: int, when: datetime, task: str = "visit", *, proxy: bool = False) -> Entry:
    return Entry(next(_ids), member, task, delta, when, when.date(), proxy)


def totals_of(entries: Sequence[Entry]) -> list[DayTotal]:
    sums: dict[tuple[int, str, date], int] = {}
    for e in entries:
        sums[(e.member_id, e.task, e.day)] = sums.get((e.member_id, e.task, e.day), 0) + e.delta
    return [DayTotal(m, t, d, n) for (m, t, d), n in sums.items()]


def run(
    entries: Sequence[Entry],
    *,
    peers: Sequence[Entry] = (),
    checkpoints: Sequence[datetime] = (),
    quotas: dict[tuple[int, str], int] | None = None,
    thresholds: AnomalyThresholds = DEFAULTS,
) -> Findings:
    return evaluate(
        entries,
        totals_of([*entries, *peers]),
        thresholds,
        timezone="Asia/Shanghai",
        checkpoints=checkpoints,
        quotas=quotas or {},
    )


def reasons(findings: Findings, e: Entry) -> set[Reason]:
    return {f.reason for f in findings.of(e.id)}


# Five peers reporting 4 a day on three days: 15 peer days, their 95th percentile (nearest rank) is 4.
PEERS = [entry(m, 4, at(20 + d, 10)) for m in range(100, 105) for d in range(3)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 2, 3, 4, 5], 5),  # rank ceil(0.95 × 5) = 5
        (list(range(1, 21)), 19),  # rank ceil(0.95 × 20) = 19
        (list(range(1, 22)), 20),  # rank ceil(19.95) = 20
    ],
)
def test_the_percentile_is_the_nearest_rank(values: list[int], expected: int) -> None:
    assert nearest_rank(values, 95) == expected


@pytest.mark.parametrize(
    ("own_days", "today", "flagged", "why"),
    [
        ([3, 3, 3], 15, True, "15 > 3 × 3 and 15 > 4"),
        ([3, 3, 3], 9, False, "exactly 3 × the median is not above it"),
        ([3, 3, 3], 10, True, "10 > 9 and 10 > 4"),
        ([1, 1, 1], 4, False, "4 > 3 × 1 but not above the peers' 4"),
        ([1, 1, 1], 5, True, "5 > 3 and 5 > 4"),
        ([2, 3, 8], 12, True, "the median of 2, 3, 8 is 3"),
        ([3, 3], 15, False, "two earlier days are too few to judge"),
        ([], 50, False, "a new member's first day is never a spike"),
    ],
)
def test_spike_is_above_three_times_the_own_median_and_the_peers_95th_percentile(
    own_days: list[int], today: int, flagged: bool, why: str
) -> None:
    own = [entry(1, n, at(20 + d, 10)) for d, n in enumerate(own_days)]
    spike = entry(1, today, at(25, 10))
    findings = run([*own, spike], peers=PEERS)
    assert (Reason.SPIKE in reasons(findings, spike)) is flagged, why
    assert all(Reason.SPIKE not in reasons(findings, e) for e in own)


def test_spike_marks_the_report_that_made_the_day_a_spike_and_states_median_and_day() -> None:
    own = [entry(1, 3, at(20 + d, 10)) for d in range(3)]
    first, second, third = entry(1, 5, at(25, 9)), entry(1, 10, at(25, 11)), entry(1, 2, at(25, 12))
    findings = run([*own, first, second, third], peers=PEERS)
    assert [Reason.SPIKE in reasons(findings, e) for e in (first, second, third)] == [False, True, False]
    (flag,) = findings.of(second.id)
    assert (flag.baseline, flag.figure, flag.day) == (3, 17, date(2026, 11, 25))
    assert [f.reason for f in findings.about(1)] == [Reason.SPIKE]


def test_spike_needs_enough_peer_days() -> None:
    own = [entry(1, 3, at(20 + d, 10)) for d in range(3)]
    spike = entry(1, 50, at(25, 10))
    assert Reason.SPIKE not in reasons(run([*own, spike], peers=PEERS[:4]), spike)  # 4 peer days: too few
    assert Reason.SPIKE in reasons(run([*own, spike], peers=PEERS[:5]), spike)


DUE = at(30, 18)


@pytest.mark.parametrize(
    ("early", "late", "flagged", "why"),
    [
        (60, 40, False, "exactly 40 % is not more than 40 %"),
        (59, 41, True, "41 %"),
        (0, 12, True, "everything in the last day"),
        (0, 9, False, "a total under 10 is too small to judge"),
    ],
)
def test_last_minute_is_more_than_40_percent_in_the_24_hours_before_a_checkpoint(
    early: int, late: int, flagged: bool, why: str
) -> None:
    before = [entry(1, early, at(25, 10))] if early else []
    last = entry(1, late, DUE - timedelta(hours=2))
    findings = run([*before, last], checkpoints=[DUE])
    assert (Reason.LAST_MINUTE in reasons(findings, last)) is flagged, why
    assert all(Reason.LAST_MINUTE not in reasons(findings, e) for e in before)


def test_last_minute_window_is_the_24_hours_up_to_the_due_moment() -> None:
    outside = entry(1, 30, DUE - timedelta(hours=24))  # exactly 24 h before: outside the window
    inside = entry(1, 30, DUE - timedelta(hours=23, minutes=59))
    at_due = entry(1, 30, DUE)
    after = entry(1, 30, DUE + timedelta(minutes=1))  # after the checkpoint: not part of its total
    findings = run([outside, inside, at_due, after], checkpoints=[DUE])
    assert [Reason.LAST_MINUTE in reasons(findings, e) for e in (outside, inside, at_due, after)] == [
        False,
        True,
        True,
        False,
    ]
    flag = findings.of(inside.id)[0]
    assert (flag.figure, flag.when) == (67, DUE)  # 60 of 90, rounded


@pytest.mark.parametrize(
    ("reports", "quota", "flagged_index", "why"),
    [
        ([100, 50], 100, None, "exactly 150 % is not above it"),
        ([100, 50, 1], 100, 2, "the report that crossed 150 %"),
        ([200], 100, 0, "one report far above"),
        ([30, 20], 0, None, "no quota: nothing to exceed"),
    ],
)
def test_over_quota_marks_the_report_that_crossed_150_percent(
    reports: list[int], quota: int, flagged_index: int | None, why: str
) -> None:
    entries = [entry(1, n, at(20 + i, 10)) for i, n in enumerate(reports)]
    findings = run(entries, quotas={(1, "visit"): quota})
    marked = [i for i, e in enumerate(entries) if Reason.OVER_QUOTA in reasons(findings, e)]
    assert marked == ([] if flagged_index is None else [flagged_index]), why
    assert (Reason.OVER_QUOTA in {f.reason for f in findings.about(1)}) is (flagged_index is not None)


def test_over_quota_states_the_percent_of_quota() -> None:
    e = entry(1, 151, at(20, 10))
    assert run([e], quotas={(1, "visit"): 100}).of(e.id)[0].figure == 151


@pytest.mark.parametrize(
    ("hour", "minute", "night"),
    [
        (22, 59, False),
        (23, 0, True),
        (23, 40, True),
        (0, 0, True),
        (4, 59, True),
        (5, 0, False),
        (12, 0, False),
    ],
)
def test_night_is_from_23_00_up_to_but_not_including_05_00(hour: int, minute: int, night: bool) -> None:
    e = entry(1, 5, at(21, hour, minute))
    findings = run([e])
    assert (Reason.NIGHT in reasons(findings, e)) is night
    if night:
        assert findings.of(e.id)[0].when == at(21, hour, minute)


def test_night_window_that_does_not_cross_midnight() -> None:
    lunch = AnomalyThresholds(night_start=time(12, 0), night_end=time(14, 0))
    inside, outside = entry(1, 5, at(21, 12, 0)), entry(1, 5, at(21, 23, 30))
    findings = run([inside, outside], thresholds=lunch)
    assert (reasons(findings, inside), reasons(findings, outside)) == ({Reason.NIGHT}, set())


def test_a_leaders_late_entry_for_a_member_is_not_the_members_night() -> None:
    e = entry(1, 5, at(21, 23, 30), proxy=True)
    assert Reason.NIGHT not in reasons(run([e]), e)


@pytest.mark.parametrize(
    ("values_by_day", "flagged", "why"),
    [
        ([20, 20, 20], True, "20 on three days"),
        ([20, 20], False, "two days are not enough"),
        ([5, 5, 5], False, "5 is not a round number"),
        ([15, 15, 15], False, "15 is not a multiple of 10"),
        ([0, 0, 0], False, "0 is below 10"),
        ([10, 10, 10], True, "10 is the smallest round number"),
        ([20, 30, 20], False, "20 on two days only"),
    ],
)
def test_round_repeat_is_the_same_round_number_on_three_days(values_by_day: list[int], flagged: bool, why: str) -> None:
    entries = [entry(1, n, at(20 + d, 10)) for d, n in enumerate(values_by_day)]
    findings = run(entries)
    marked = [Reason.ROUND_REPEAT in reasons(findings, e) for e in entries]
    assert marked == [flagged and n == values_by_day[0] for n in values_by_day], why


def test_round_repeat_counts_days_not_reports() -> None:
    same_day = [entry(1, 20, at(20, 9)), entry(1, 20, at(20, 10)), entry(1, 20, at(20, 11))]
    assert all(not reasons(run(same_day), e) for e in same_day)
    spread = [*same_day, entry(1, 20, at(21, 9)), entry(1, 20, at(22, 9))]
    findings = run(spread)
    assert all(Reason.ROUND_REPEAT in reasons(findings, e) for e in spread)
    flag = findings.of(spread[0].id)[0]
    assert (flag.figure, flag.baseline) == (20, 3)


def test_a_report_can_have_several_reasons_in_a_fixed_order() -> None:
    own = [entry(1, 20, at(20 + d, 10)) for d in range(3)]  # three days of 20: a round repeat already
    late = entry(1, 200, at(25, 23, 30))
    findings = run([*own, late], peers=PEERS, quotas={(1, "visit"): 100}, checkpoints=[at(26, 18)])
    assert [f.reason for f in findings.of(late.id)] == [
        Reason.SPIKE,
        Reason.LAST_MINUTE,
        Reason.OVER_QUOTA,
        Reason.NIGHT,
    ]


def test_tasks_are_judged_apart() -> None:
    visits = [entry(1, 20, at(20 + d, 10), "visit") for d in range(2)]
    leaflets = entry(1, 20, at(22, 10), "leaflet")
    findings = run([*visits, leaflets])
    assert not findings.reports  # 20 on three days, but of two different tasks
