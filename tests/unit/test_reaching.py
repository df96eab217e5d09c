"""The tie-break's moment (bot/domain/reaching.py): the last moment an assignee's capped completion
changed — checked by hand on the cases the ranking meets, and against a plain walk over the merged steps
on random ledgers (members stepping down, several members at one moment)."""

from __future__ import annotations

import random

from bot.domain.reaching import Steps, last_change


def walk(parts: list[Steps], quota: int | None) -> int | None:
    """The definition, literally: merge every step, one moment at a time, follow min(sum, quota)."""
    nets: dict[int, int] = {}
    for p in parts:
        for t, n in zip(p.at, p.net, strict=True):
            nets[t] = nets.get(t, 0) + n
    total, last = 0, None
    for t in sorted(nets):
        before, total = total, total + nets[t]
        if (quota is None and before != total) or (quota is not None and min(before, quota) != min(total, quota)):
            last = t
    return last


def test_work_beyond_the_quota_moves_nothing() -> None:
    assert last_change([Steps.of([(10, 20), (30, 2)])], 20) == 10


def test_an_edit_that_keeps_the_count_moves_nothing() -> None:
    """The take-back and the new revision are written at one moment: a step of net 0."""
    assert last_change([Steps.of([(10, 10), (30, -10), (30, 10)])], 20) == 10


def test_an_edit_that_lowers_the_count_below_the_quota_moves_it() -> None:
    assert last_change([Steps.of([(10, 10), (30, -10), (30, 8)])], 20) == 30


def test_an_undo_below_the_quota_moves_it_an_undo_beyond_it_does_not() -> None:
    assert last_change([Steps.of([(10, 18), (20, 5), (30, -5)])], 20) == 30
    assert last_change([Steps.of([(10, 20), (20, 5), (30, -5)])], 20) == 10


def test_a_unit_crosses_its_quota_at_the_report_that_carried_it_over() -> None:
    a, b = Steps.of([(10, 12), (40, 5)]), Steps.of([(20, 8)])
    assert last_change([a, b], 20) == 20
    assert last_change([a, b], 30) == 40  # still below: its latest step


def test_two_members_cancelling_at_one_moment_move_nothing() -> None:
    assert last_change([Steps.of([(10, 5), (20, 3)]), Steps.of([(20, -3)])], 20) == 10


def test_no_quota_is_the_last_change_of_the_sum_and_no_steps_are_none() -> None:
    assert last_change([Steps.of([(10, 5), (20, 3), (30, -3), (30, 3)])], None) == 20
    assert last_change([], 20) is None
    assert last_change([Steps.of([(10, 5)])], 0) is None


def test_the_moment_is_the_plain_walks_on_random_ledgers() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 4)):
            entries = [(rng.randint(0, 40), rng.randint(1, 6)) for _ in range(rng.randint(0, 8))]
            taken = [(max(t, rng.randint(0, 45)), -d) for t, d in entries if rng.random() < 0.25]
            parts.append(Steps.of(entries + taken))
        quota = rng.choice([None, 1, 5, 10, 15, 25, 40])
        assert last_change(parts, quota) == walk(parts, quota), (parts, quota)


def test_steps_as_read_are_the_entries_steps() -> None:
    """As storage hands them over (every entry's moment and delta, in time order): one moment's entries
    summed, those netting 0 left out — worked out when first looked at."""
    assert Steps(raw=("10,30,30,40", "10,-10,10,0")) == Steps.of([(10, 10)])
    assert Steps(raw=("10,20", "4,3")) == Steps([10, 20], [4, 3])
    assert Steps(raw=("20,10", "3,4")) == Steps([10, 20], [4, 3])
    assert last_change([Steps(raw=("10,30,30", "10,-10,10"))], 20) == 10
