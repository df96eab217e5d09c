"""Graduated warnings (issue 11 §5): counted in *consecutive* missed checkpoints of a member with a
quota of their own; a met checkpoint resets the count. Hand-computed tables, no mocks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.checkpoint import TaskResult
from bot.domain.model import Assignee, Milestone, WarningLadder
from bot.domain.warnings import (
    WarningLevel,
    counting_from,
    histories,
    level,
    missed_in_a_row,
    not_counted,
    step,
)

MET, MISSED = True, False
LADDER = WarningLadder(yellow_after=1, red_after=2, public_after=3)
SLOW = WarningLadder(yellow_after=2, red_after=3, public_after=4)
FLAT = WarningLadder(yellow_after=1, red_after=1, public_after=2)  # red at once: no yellow step
SH = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("history", "count"),
    [
        ((), 0),
        ((MET,), 0),
        ((MISSED,), 1),
        ((MISSED, MISSED), 2),
        ((MISSED, MET), 0),  # a met checkpoint resets the count
        ((MISSED, MET, MISSED), 1),
        ((MET, MISSED, MISSED, MISSED), 3),
        ((MISSED, MISSED, MET, MISSED, MISSED), 2),
    ],
)
def test_missed_in_a_row_counts_the_trailing_misses(history: tuple[bool, ...], count: int) -> None:
    assert missed_in_a_row(history) == count


@pytest.mark.parametrize(
    ("ladder", "history", "expected"),
    [
        (LADDER, (), WarningLevel.NONE),
        (LADDER, (MET,), WarningLevel.NONE),
        (LADDER, (MISSED,), WarningLevel.YELLOW),
        (LADDER, (MISSED, MISSED), WarningLevel.RED),
        (LADDER, (MISSED, MISSED, MISSED), WarningLevel.PUBLIC),
        (LADDER, (MISSED, MISSED, MISSED, MISSED), WarningLevel.PUBLIC),  # the top stays the top
        (LADDER, (MISSED, MET), WarningLevel.NONE),
        (LADDER, (MISSED, MET, MISSED), WarningLevel.YELLOW),  # after a reset the ladder starts again
        (SLOW, (MISSED,), WarningLevel.NONE),
        (SLOW, (MISSED, MISSED), WarningLevel.YELLOW),
        (SLOW, (MISSED, MISSED, MISSED), WarningLevel.RED),
        (SLOW, (MISSED, MISSED, MISSED, MISSED), WarningLevel.PUBLIC),
        (FLAT, (MISSED,), WarningLevel.RED),
        (FLAT, (MISSED, MISSED), WarningLevel.PUBLIC),
    ],
)
def test_the_level_is_the_highest_step_the_misses_in_a_row_reach(
    ladder: WarningLadder, history: tuple[bool, ...], expected: WarningLevel
) -> None:
    assert level(ladder, history) == expected


@pytest.mark.parametrize(
    ("ladder", "history", "expected"),
    [
        (LADDER, (MET,), WarningLevel.NONE),
        (LADDER, (MISSED,), WarningLevel.YELLOW),
        (LADDER, (MISSED, MISSED), WarningLevel.RED),
        (LADDER, (MISSED, MISSED, MISSED), WarningLevel.PUBLIC),
        (LADDER, (MISSED, MISSED, MISSED, MISSED), WarningLevel.NONE),  # already public: no new step
        (LADDER, (MISSED, MET), WarningLevel.NONE),
        (LADDER, (MISSED, MET, MISSED), WarningLevel.YELLOW),  # a new run of misses is a new step
        (SLOW, (MISSED,), WarningLevel.NONE),
        (SLOW, (MISSED, MISSED), WarningLevel.YELLOW),
        (FLAT, (MISSED,), WarningLevel.RED),
        (FLAT, (MISSED, MISSED), WarningLevel.PUBLIC),
    ],
)
def test_a_step_is_taken_only_at_the_checkpoint_that_reaches_a_new_level(
    ladder: WarningLadder, history: tuple[bool, ...], expected: WarningLevel
) -> None:
    assert step(ladder, history) == expected


def at(day: int) -> datetime:
    return datetime(2026, 12, day, 18, 0, tzinfo=SH)


def test_histories_per_member_in_due_order_a_member_met_only_when_every_task_is() -> None:
    a, b = Assignee.member("甲"), Assignee.member("乙")
    judged = {
        # given out of order: histories follow the due, not the order they are handed in
        80: (at(15), [TaskResult(a, "visit", 16, 16), TaskResult(a, "checkup", 1, 8), TaskResult(b, "visit", 9, 8)]),
        60: (at(5), [TaskResult(a, "visit", 3, 12), TaskResult(b, "visit", 6, 6)]),
        100: (at(25), [TaskResult(Assignee.unit("ql"), "visit", 0, 40), TaskResult(a, "visit", 20, 20)]),
    }
    assert histories(judged) == {"甲": [MISSED, MISSED, MET], "乙": [MET, MET]}  # units are not counted


def test_histories_stop_at_the_checkpoint_asked_about() -> None:
    a = Assignee.member("甲")
    judged = {
        60: (at(5), [TaskResult(a, "visit", 3, 12)]),
        80: (at(15), [TaskResult(a, "visit", 16, 16)]),
    }
    assert histories(judged, until=at(5)) == {"甲": [MISSED]}


def test_histories_leave_out_the_checkpoints_due_before_the_warnings_took_effect() -> None:
    # Warnings announced on 10 Dec: the miss of 5 Dec was before any rule, so the misses of 15 and
    # 25 Dec are the first two in a row — a red card at 25 Dec, not a public one.
    a = Assignee.member("甲")
    judged = {
        60: (at(5), [TaskResult(a, "visit", 3, 12)]),
        80: (at(15), [TaskResult(a, "visit", 9, 16)]),
        100: (at(25), [TaskResult(a, "visit", 10, 20)]),
    }
    assert histories(judged) == {"甲": [MISSED, MISSED, MISSED]}
    assert histories(judged, since=at(10)) == {"甲": [MISSED, MISSED]}
    assert step(LADDER, histories(judged, since=at(10))["甲"]) is WarningLevel.RED
    assert histories(judged, since=at(15)) == {"甲": [MISSED]}  # a checkpoint due at that moment is before it
    assert histories(judged, until=at(15), since=at(10)) == {"甲": [MISSED]}
    assert histories(judged, since=at(26)) == {}


NOW = at(10)


@pytest.mark.parametrize(
    ("ladder", "before", "since", "expected"),
    [
        (LADDER, LADDER, None, None),  # present from the first import: re-imported unchanged, counts all
        (LADDER, LADDER, at(3), at(3)),  # re-imported unchanged: the count does not restart
        (LADDER, None, None, NOW),  # switched on by this import
        (LADDER, SLOW, at(3), NOW),  # thresholds changed: a new rule, counted from now
        (None, LADDER, at(3), None),  # switched off
        (None, None, None, None),
    ],
)
def test_warnings_count_from_the_import_that_switched_them_on_or_changed_them(
    ladder: WarningLadder | None, before: WarningLadder | None, since: datetime | None, expected: datetime | None
) -> None:
    assert counting_from(ladder, before, since, NOW) == expected


MILESTONES = (
    Milestone(80, datetime(2026, 12, 15, 18, 0, tzinfo=SH)),
    Milestone(60, datetime(2026, 12, 5, 18, 0, tzinfo=SH)),
    Milestone(100, datetime(2027, 1, 5, 18, 0, tzinfo=SH)),
)


@pytest.mark.parametrize(
    ("ladder", "before", "now", "expected"),
    [
        (LADDER, None, datetime(2026, 12, 6, 10, 0, tzinfo=SH), (60,)),  # switched on after 60 %
        (LADDER, None, datetime(2026, 12, 5, 18, 0, tzinfo=SH), (60,)),  # at its very due: judged already
        (LADDER, None, datetime(2026, 12, 5, 17, 59, tzinfo=SH), ()),  # before it: 60 % still counts
        (LADDER, None, datetime(2026, 12, 20, 9, 0, tzinfo=SH), (60, 80)),  # in due order
        (SLOW, LADDER, datetime(2026, 12, 6, 10, 0, tzinfo=SH), (60,)),  # thresholds changed: counts anew
        (LADDER, LADDER, datetime(2026, 12, 20, 9, 0, tzinfo=SH), ()),  # unchanged: said when it was set
        (None, LADDER, datetime(2026, 12, 20, 9, 0, tzinfo=SH), ()),  # switched off: nothing to count
    ],
)
def test_the_checkpoints_a_new_ladder_leaves_uncounted(
    ladder: WarningLadder | None, before: WarningLadder | None, now: datetime, expected: tuple[int, ...]
) -> None:
    assert not_counted(ladder, before, MILESTONES, now) == expected
