"""The tie-break's moment (bot/domain/reaching.py): since when an assignee's capped completion has held
the level it stands at — checked by hand on the cases the ranking meets, and against a plain walk over the
merged steps on random ledgers (members stepping down, several members at one moment)."""

from __future__ import annotations

import random

from bot.domain.reaching import Steps, held_since


def walk(parts: list[Steps], quota: int | None) -> int | None:
    """The definition, literally: merge every step, one moment at a time, follow min(sum, quota); the
    moment after the last one that left it below the level it ends at."""
    nets: dict[int, int] = {}
    for p in parts:
        for t, n in zip(p.at, p.net, strict=True):
            nets[t] = nets.get(t, 0) + n
    cap = quota if quota is not None else 1 << 62
    moments, total, values = sorted(nets), 0, []
    for t in moments:
        total += nets[t]
        values.append(min(total, cap))
    level = values[-1] if values else 0
    if level <= 0:
        return None
    below = [i for i, v in enumerate(values) if v < level]
    return moments[below[-1] + 1] if below else moments[0]


def test_work_beyond_the_quota_moves_nothing() -> None:
    assert held_since([Steps.of([(10, 20), (30, 2)])], 20) == 10


def test_an_edit_that_keeps_the_count_moves_nothing() -> None:
    """The take-back and the new revision are written at one moment: a step of net 0."""
    assert held_since([Steps.of([(10, 10), (30, -10), (30, 10)])], 20) == 10


def test_an_edit_that_lowers_the_count_keeps_the_moment_the_lower_level_was_reached() -> None:
    """10 since 10, edited at 30 to 8: 8 has been held since 10."""
    assert held_since([Steps.of([(10, 10), (30, -10), (30, 8)])], 20) == 10
    assert held_since([Steps.of([(10, 5), (20, 5), (30, -10), (30, 8)])], 20) == 20  # 8 first held at 20


def test_an_undo_back_to_a_level_held_before_moves_nothing() -> None:
    assert held_since([Steps.of([(10, 18), (20, 5), (30, -5)])], 20) == 10  # 18 since 10, 20 at 20, 18 at 30
    assert held_since([Steps.of([(10, 20), (20, 5), (30, -5)])], 20) == 10  # beyond the quota


def test_a_level_lost_and_reached_again_counts_from_the_second_reaching() -> None:
    assert held_since([Steps.of([(10, 5), (20, -2), (30, 2)])], 10) == 30
    assert held_since([Steps.of([(10, 5), (20, -2), (30, 1), (40, 1)])], 10) == 40


def test_a_unit_crosses_its_quota_at_the_report_that_carried_it_over() -> None:
    a, b = Steps.of([(10, 12), (40, 5)]), Steps.of([(20, 8)])
    assert held_since([a, b], 20) == 20
    assert held_since([a, b], 30) == 40  # still below: its latest step


def test_a_unit_that_fell_below_its_level_reaches_it_again_by_another_members_report() -> None:
    a, b = Steps.of([(10, 12), (30, -4)]), Steps.of([(20, 8), (50, 4)])
    assert held_since([a, b], 30) == 50  # 12, 20, 16 at 30, 20 again at 50


def test_two_members_cancelling_at_one_moment_move_nothing() -> None:
    assert held_since([Steps.of([(10, 5), (20, 3)]), Steps.of([(20, -3)])], 20) == 10


def test_no_quota_is_the_same_on_the_sum_and_no_steps_are_none() -> None:
    assert held_since([Steps.of([(10, 5), (20, 3), (30, -3), (30, 3)])], None) == 20
    assert held_since([], 20) is None
    assert held_since([Steps.of([(10, 5)])], 0) is None
    assert held_since([Steps.of([(10, 5), (20, -5)])], 20) is None  # nothing is held


def test_the_moment_is_the_plain_walks_on_random_ledgers() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 4)):
            entries = [(rng.randint(0, 40), rng.randint(1, 6)) for _ in range(rng.randint(0, 8))]
            taken = [(max(t, rng.randint(0, 45)), -d) for t, d in entries if rng.random() < 0.25]
            parts.append(Steps.of(entries + taken))
        quota = rng.choice([None, 1, 5, 10, 15, 25, 40])
        assert held_since(parts, quota) == walk(parts, quota), (parts, quota)


def test_steps_as_read_are_the_entries_steps() -> None:
    """As storage hands them over (every entry's moment and delta, in time order): one moment's entries
    summed, those netting 0 left out — worked out when first looked at."""
    assert Steps(raw=("10,30,30,40", "10,-10,10,0")) == Steps.of([(10, 10)])
    assert Steps(raw=("10,20", "4,3")) == Steps([10, 20], [4, 3])
    assert Steps(raw=("20,10", "3,4")) == Steps([10, 20], [4, 3])
    assert held_since([Steps(raw=("10,30,30", "10,-10,10"))], 20) == 10
