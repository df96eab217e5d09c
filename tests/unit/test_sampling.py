"""The back-check sample (抽查, issue 11 §4): N pending reports, weighted toward flagged ones — half
of the sample (rounded up) from the flagged, the rest from the others, each part filled from the
other when it runs short. Properties over many seeds, not exact picks."""

from __future__ import annotations

import random

import pytest

from bot.domain.sampling import flagged_share, pick_sample

FLAGGED = list(range(1, 11))  # 10 flagged
OTHERS = list(range(100, 200))  # 100 not


@pytest.mark.parametrize(("n", "share"), [(1, 1), (2, 1), (3, 2), (10, 5), (11, 6)])
def test_half_of_the_sample_rounded_up_is_flagged(n: int, share: int) -> None:
    assert flagged_share(n) == share


@pytest.mark.parametrize("seed", range(30))
def test_a_sample_of_ten_holds_five_flagged_and_five_others_all_distinct(seed: int) -> None:
    picks = pick_sample(FLAGGED, OTHERS, 10, random.Random(seed))
    assert len(picks) == len(set(picks)) == 10
    assert sum(p in FLAGGED for p in picks) == 5
    assert all(p in FLAGGED or p in OTHERS for p in picks)


def test_the_flagged_come_first_then_the_others_each_part_in_id_order() -> None:
    picks = pick_sample(FLAGGED, OTHERS, 6, random.Random(1))
    assert picks[:3] == sorted(picks[:3])
    assert all(p in FLAGGED for p in picks[:3])
    assert picks[3:] == sorted(picks[3:])


@pytest.mark.parametrize(
    ("flagged", "others", "n", "expected_flagged", "expected_total"),
    [
        ([1, 2], OTHERS, 10, 2, 10),  # too few flagged: the others fill the sample
        (FLAGGED, [100, 101], 10, 8, 10),  # too few others: more flagged fill it
        ([1], [100], 10, 1, 2),  # fewer pending than asked: all of them
        ([], [], 5, 0, 0),
    ],
)
def test_a_short_part_is_filled_from_the_other(
    flagged: list[int], others: list[int], n: int, expected_flagged: int, expected_total: int
) -> None:
    picks = pick_sample(flagged, others, n, random.Random(0))
    assert (sum(p in flagged for p in picks), len(picks)) == (expected_flagged, expected_total)


def test_every_report_can_be_picked() -> None:
    seen: set[int] = set()
    for seed in range(300):
        seen.update(pick_sample(FLAGGED, OTHERS, 10, random.Random(seed)))
    assert seen == set(FLAGGED) | set(OTHERS)
