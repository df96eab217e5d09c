"""Per-day need and expected progress over working days (issue 11 §1), checked by hand.

The campaign runs across 元旦 2026: Monday 29 December 2025 00:00 to Friday 9 January 2026 18:00, a
50 % checkpoint on Monday 5 January 18:00. chinese_calendar: 1–3 January (Thursday–Saturday) are
holidays and Sunday 4 January is a 调休 working day. Working days up to the checkpoint: 29, 30, 31
December, 4 and 5 January (5 January until 18:00). Working time to the checkpoint: 4 × 24 h + 18 h =
114 h; from it to the end: 6 h + 3 × 24 h + 18 h = 96 h. With `calendar: off` the old numbers hold:
calendar hours (186 h to the checkpoint) and days left = ⌈time to the due / 24 h⌉.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.expected import expected_completion
from bot.domain.model import Assignee, CalendarSpec, Campaign, Member, Milestone, Role, TaskType, Unit
from bot.domain.progress import ProgressBook
from bot.domain.tree import OrgTree
from tests.unit.worlds import SH

START = datetime(2025, 12, 29, 0, 0, tzinfo=SH)
M50 = Milestone(50, datetime(2026, 1, 5, 18, 0, tzinfo=SH))
END = datetime(2026, 1, 9, 18, 0, tzinfo=SH)
WORKING = Campaign(
    "c",
    "元旦",
    START,
    END,
    tasks=(TaskType("visit", "走访", "户"),),
    milestones=(M50, Milestone(100, END)),
    calendar=CalendarSpec(),
)
EVERY_DAY = replace(WORKING, calendar=CalendarSpec(enabled=False))
UNITS = [Unit("town", "镇", "town"), Unit("v1", "一村", "village", "town")]
MEMBERS = [Member("a", "甲", "v1", Role.CADRE), Member("b", "乙", "v1", Role.CADRE)]
QUOTAS = {(Assignee.member("a"), "visit"): 10, (Assignee.member("b"), "visit"): 10}  # 5 each by 50 %


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2025 if month == 12 else 2026, month, day, hour, minute, tzinfo=SH)


def book(campaign: Campaign, when: datetime, away: dict[str, frozenset[date]] | None = None) -> ProgressBook:
    return ProgressBook(campaign, OrgTree.build(UNITS, MEMBERS), QUOTAS, {}, when, away=away)


@pytest.mark.parametrize(
    ("when", "working", "every_day"),
    [
        (at(12, 29), 0.0, 0.0),
        (at(12, 31, 12), 50 * 60 / 114, 50 * 60 / 186),  # 2.5 working days = 2.5 calendar days
        (at(1, 1, 12), 50 * 72 / 114, 50 * 84 / 186),  # a holiday adds nothing
        (at(1, 3, 23), 50 * 72 / 114, 50 * 143 / 186),  # nor do the next two
        (at(1, 4, 12), 50 * 84 / 114, 50 * 156 / 186),  # the 调休 Sunday counts
        (at(1, 5, 18), 50.0, 50.0),
        (at(1, 7, 6), 50 + 50 * 36 / 96, 50 + 50 * 36 / 96),  # only working days after the checkpoint
        (at(1, 9, 18), 100.0, 100.0),
        (at(1, 10, 12), 100.0, 100.0),
    ],
)
def test_expected_progress_is_interpolated_over_working_time(when: datetime, working: float, every_day: float) -> None:
    assert expected_completion(WORKING, when) * 100 == pytest.approx(working)
    assert expected_completion(EVERY_DAY, when) * 100 == pytest.approx(every_day)


def test_expected_progress_over_working_time_does_not_depend_on_the_clocks_time_zone() -> None:
    utc = at(1, 4, 12).astimezone(ZoneInfo("UTC"))  # 04:00 UTC, still the 调休 Sunday in Shanghai
    assert expected_completion(WORKING, utc) * 100 == pytest.approx(50 * 84 / 114)


@pytest.mark.parametrize(
    ("when", "working_days", "working_per_day", "old_days", "old_per_day"),
    [
        (at(12, 29, 9), 5, 1, 8, 1),  # 29, 30, 31 Dec, 4, 5 Jan; off: ⌈7 d 9 h⌉ = 8
        (at(12, 31, 10), 3, 2, 6, 1),  # 31 Dec, 4 and 5 Jan; off: ⌈5 d 8 h⌉ = 6
        (at(1, 1, 10), 2, 3, 5, 1),  # a holiday today: 4 and 5 Jan; off: ⌈4 d 8 h⌉ = 5
        (at(1, 4, 20), 2, 3, 1, 5),  # the 调休 Sunday counts until its end; off: ⌈22 h⌉ = 1
        (at(1, 5, 17), 1, 5, 1, 5),  # the due day itself, before the due time
    ],
)
def test_days_left_are_working_days_up_to_the_due_date(
    when: datetime, working_days: int, working_per_day: int, old_days: int, old_per_day: int
) -> None:
    a = Assignee.member("a")
    (visit,) = book(WORKING, when).standing(a).tasks
    assert (visit.remaining, visit.days_left, visit.per_day) == (5, working_days, working_per_day)
    (old,) = book(EVERY_DAY, when).standing(a).tasks
    assert (old.remaining, old.days_left, old.per_day) == (5, old_days, old_per_day)


def test_after_a_checkpoint_the_days_left_run_to_the_next_one() -> None:
    (visit,) = book(WORKING, at(1, 5, 19)).standing(Assignee.member("a")).tasks
    assert (visit.target, visit.days_left, visit.per_day) == (10, 5, 2)  # 5–9 January


def test_a_due_time_at_midnight_leaves_its_date_out() -> None:
    campaign = replace(WORKING, milestones=(Milestone(50, at(1, 5)), Milestone(100, END)))
    (visit,) = book(campaign, at(12, 31, 10)).standing(Assignee.member("a")).tasks
    assert visit.days_left == 2  # 31 December and 4 January: 5 January starts at the due time


def test_leave_days_are_no_working_days_for_that_member_only() -> None:
    away = {"a": frozenset({date(2026, 1, 4), date(2026, 1, 1)})}  # 1 January is a holiday anyway
    b = book(WORKING, at(12, 31, 10), away)
    (a_visit,) = b.standing(Assignee.member("a")).tasks
    (b_visit,) = b.standing(Assignee.member("b")).tasks
    (unit_visit,) = b.standing(Assignee.unit("v1")).tasks
    assert (a_visit.days_left, a_visit.per_day) == (2, 3)  # 31 December and 5 January: ⌈5 / 2⌉
    assert (b_visit.days_left, b_visit.per_day) == (3, 2)
    assert unit_visit.days_left == 3  # a unit's days are the calendar's


def test_a_member_away_until_the_due_date_still_has_one_day() -> None:
    away = {"a": frozenset({date(2025, 12, 31), date(2026, 1, 4), date(2026, 1, 5)})}
    (visit,) = book(WORKING, at(12, 31, 10), away).standing(Assignee.member("a")).tasks
    assert (visit.days_left, visit.per_day) == (1, 5)


def test_leave_counts_even_when_the_calendar_is_off() -> None:
    away = {"a": frozenset({date(2026, 1, 1), date(2026, 1, 2)})}
    (visit,) = book(EVERY_DAY, at(12, 31, 10), away).standing(Assignee.member("a")).tasks
    assert visit.days_left == 4  # 31 December, 3, 4, 5 January
