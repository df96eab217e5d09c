"""Leave (请假) as a pure rule: whole days, first to last inclusive; validation; merging; early end;
and how a typed day reads, the year taken from the campaign (issue 11 §2). Tables computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.errors import DomainError
from bot.domain.leave import MAX_DAYS, Leave, away_dates, check, ended_early, merged, parse_day, within_campaign

D = date
CAMPAIGN = (D(2026, 11, 12), D(2027, 1, 5))  # the example plan: across New Year


def test_a_leave_covers_its_first_and_last_day_and_nothing_else() -> None:
    leave = Leave(D(2026, 12, 10), D(2026, 12, 15))
    assert leave.days == 6
    assert [leave.covers(D(2026, 12, d)) for d in (9, 10, 12, 15, 16)] == [False, True, True, True, False]


def test_the_dates_of_a_leave_within_a_range_are_clipped_to_it() -> None:
    leave = Leave(D(2026, 11, 30), D(2026, 12, 3))
    assert leave.dates_within(D(2026, 11, 20), D(2026, 12, 2)) == {D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 2)}
    assert leave.dates_within(D(2026, 12, 4), D(2026, 12, 9)) == frozenset()


def test_away_dates_is_the_union_of_the_leaves() -> None:
    leaves = [Leave(D(2026, 12, 1), D(2026, 12, 2)), Leave(D(2026, 12, 2), D(2026, 12, 3))]
    assert away_dates(leaves, D(2026, 11, 1), D(2026, 12, 31)) == {D(2026, 12, d) for d in (1, 2, 3)}


@pytest.mark.parametrize(
    ("first", "last", "today", "key"),
    [
        (D(2026, 12, 15), D(2026, 12, 10), D(2026, 12, 1), "leave.backwards"),
        (D(2026, 11, 20), D(2026, 11, 25), D(2026, 11, 26), "leave.past"),
        (D(2027, 2, 1), D(2027, 2, 3), D(2026, 12, 1), "leave.outside"),
        (D(2026, 11, 1), D(2026, 11, 11), D(2026, 11, 1), "leave.outside"),
        (D(2026, 11, 20), D(2027, 1, 19), D(2026, 11, 20), "leave.too_long"),  # 61 days
    ],
)
def test_a_leave_that_cannot_be_meant_is_refused(first: date, last: date, today: date, key: str) -> None:
    with pytest.raises(DomainError) as refused:
        check(Leave(first, last), today, *CAMPAIGN)
    assert refused.value.key == key


@pytest.mark.parametrize(
    ("first", "last", "today"),
    [
        (D(2026, 12, 10), D(2026, 12, 15), D(2026, 12, 1)),
        (D(2026, 11, 20), D(2026, 11, 25), D(2026, 11, 25)),  # its last day is today: still on
        (D(2026, 11, 1), D(2026, 11, 12), D(2026, 11, 1)),  # overlaps the campaign's first day
        (D(2026, 11, 20), D(2027, 1, 18), D(2026, 11, 20)),  # exactly MAX_DAYS
    ],
)
def test_a_sensible_leave_is_accepted(first: date, last: date, today: date) -> None:
    assert MAX_DAYS == 60
    check(Leave(first, last), today, *CAMPAIGN)


def test_an_overlapping_or_adjoining_leave_is_merged_into_one() -> None:
    a = Leave(D(2026, 12, 1), D(2026, 12, 3))
    b = Leave(D(2026, 12, 10), D(2026, 12, 12))
    far = Leave(D(2026, 12, 20), D(2026, 12, 21))
    kept, replaced = merged(Leave(D(2026, 12, 4), D(2026, 12, 9)), [a, b, far])  # touches a and b
    assert kept == Leave(D(2026, 12, 1), D(2026, 12, 12))
    assert set(replaced) == {a, b}
    assert merged(Leave(D(2026, 12, 5), D(2026, 12, 6)), [a]) == (Leave(D(2026, 12, 5), D(2026, 12, 6)), [])


def test_ending_early_makes_today_the_last_day_or_calls_off_a_leave_not_begun() -> None:
    leave = Leave(D(2026, 12, 10), D(2026, 12, 15))
    assert ended_early(leave, D(2026, 12, 12)) == Leave(D(2026, 12, 10), D(2026, 12, 12))
    assert ended_early(leave, D(2026, 12, 10)) == Leave(D(2026, 12, 10), D(2026, 12, 10))
    assert ended_early(leave, D(2026, 12, 9)) is None


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("12-10", D(2026, 12, 10)),
        ("1-3", D(2027, 1, 3)),  # the campaign crosses New Year: January is the next year's
        ("01-03", D(2027, 1, 3)),
        ("12/10", D(2026, 12, 10)),
        ("12月10日", D(2026, 12, 10)),
        ("12月10号", D(2026, 12, 10)),
        ("1月3日", D(2027, 1, 3)),
        ("2026-12-10", D(2026, 12, 10)),
        ("2027年1月3日", D(2027, 1, 3)),
        ("11-1", D(2026, 11, 1)),  # before the campaign: the nearest year still
        ("2-1", D(2027, 2, 1)),
    ],
)
def test_a_typed_day_reads_with_the_year_of_the_campaign(typed: str, day: date) -> None:
    assert parse_day(typed, *CAMPAIGN) == day


@pytest.mark.parametrize("typed", ["12-32", "13-01", "2026-02-30", "tomorrow", "12", "2月30日"])
def test_a_day_that_is_no_day_is_refused(typed: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_day(typed, *CAMPAIGN)
    assert refused.value.key == "leave.bad_date"


@pytest.mark.parametrize(
    ("first", "last", "kept"),
    [
        (D(2026, 12, 28), D(2027, 1, 3), (D(2026, 12, 28), D(2027, 1, 3))),  # inside: as asked
        (D(2027, 1, 3), D(2027, 1, 20), (D(2027, 1, 3), D(2027, 1, 5))),  # past the end: to the last day
        (D(2026, 11, 1), D(2026, 11, 14), (D(2026, 11, 12), D(2026, 11, 14))),  # before the start: from the first
    ],
)
def test_a_leave_keeps_only_the_campaigns_days(first: date, last: date, kept: tuple[date, date]) -> None:
    leave = within_campaign(Leave(first, last), *CAMPAIGN)
    assert (leave.first, leave.last) == kept
    assert leave.days == (kept[1] - kept[0]).days + 1  # 3, 3 and 3 days: only campaign days are counted
