"""When no working day is left before a due date (issue 11 §1, a gap left open): the per-day need says
what is true — "今天截止" when the due date is today and today is the last working day, "已无工作日" when
no working day is left (a rest day, the member's leave, a due time passed) — never "剩 1 个工作日".
Hand tables: December 2026, Friday 12-04 a working day, Saturday 12-05 and Sunday 12-06 rest days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from bot.domain.model import Assignee, Milestone
from bot.domain.progress import ProgressBook
from bot.domain.standing import Standing, TaskStanding
from bot.domain.workdays import DaysLeft, WorkingClock
from bot.views import acks, standing
from bot.views.pace import days_left_note
from tests.unit.worlds import CALENDAR_TREE as TREE
from tests.unit.worlds import SH
from tests.unit.worlds import calendar_ann as ann
from tests.unit.worlds import calendar_campaign as campaign


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=SH)


@pytest.mark.parametrize(
    ("now", "due", "away", "left", "days"),
    [
        (at(3, 9), at(5, 18), (), DaysLeft.DAYS, 2),  # Thursday and Friday
        (at(4, 9), at(5, 18), (), DaysLeft.DAYS, 1),  # Friday, the due on Saturday: 1 working day is true
        (at(4, 9), at(4, 18), (), DaysLeft.TODAY, 1),  # the due is today, a working day
        (at(5, 9), at(5, 18), (), DaysLeft.NONE, 0),  # Saturday: a rest day, due the same evening
        (at(5, 9), at(7, 0), (), DaysLeft.NONE, 0),  # the weekend up to Monday 00:00: no working day
        (at(4, 9), at(5, 18), (date(2026, 12, 4),), DaysLeft.NONE, 0),  # Friday on leave
        (at(5, 19), at(5, 18), (), DaysLeft.NONE, 0),  # the due has passed
        (at(3, 9), at(4, 18), (date(2026, 12, 3),), DaysLeft.DAYS, 1),  # Thursday on leave: Friday is left
    ],
)
def test_the_working_days_left_and_whether_the_due_is_today(
    now: datetime, due: datetime, away: tuple[date, ...], left: DaysLeft, days: int
) -> None:
    clock = WorkingClock(campaign("zh"))
    assert clock.workdays_left(now, due, frozenset(away)) == days
    assert clock.left(now, due, frozenset(away)) is left
    assert clock.days_left(now, due, frozenset(away)) == max(1, days)  # what a per-day need divides by


def test_with_the_calendar_off_the_day_of_the_due_is_today_too() -> None:
    clock = WorkingClock(campaign("zh", calendar=False))
    assert clock.left(at(5, 9), at(5, 18), frozenset()) is DaysLeft.TODAY
    assert clock.left(at(5, 9), at(6, 18), frozenset()) is DaysLeft.DAYS
    assert clock.left(at(5, 19), at(5, 18), frozenset()) is DaysLeft.NONE


def test_the_book_hands_the_views_what_is_left() -> None:
    c = replace(campaign("zh"), milestones=(Milestone(60, at(4, 18)), *campaign("zh").milestones[1:]))
    book = ProgressBook(c, TREE, {(Assignee.member("ann"), "visit"): 10}, {}, at(4, 9))
    [visit] = book.standing(Assignee.member("ann")).tasks
    assert (visit.left, visit.days_left, visit.per_day) == (DaysLeft.TODAY, 1, 6)


def with_left(left: DaysLeft) -> Standing:
    s = ann(days_left=1, per_day=12)
    return replace(s, tasks=tuple(replace(ts, left=left) for ts in s.tasks))


@pytest.mark.parametrize(
    ("lang", "left", "line"),
    [
        ("zh", DaysLeft.TODAY, "距 12月5日 60%节点还需 12 户（今天截止，约需 12 户）。"),
        ("zh", DaysLeft.NONE, "距 12月5日 60%节点还需 12 户（已无工作日，仍差 12 户）。"),
        ("zh", DaysLeft.DAYS, "距 12月5日 60%节点还需 12 户（剩 1 个工作日，约需 12 户）。"),
        ("en", DaysLeft.TODAY, "(due today, about 12 homes needed)."),
        ("en", DaysLeft.NONE, "(no working day left, 12 homes still short)."),
    ],
)
def test_an_acknowledgement_says_due_today_or_no_working_day_left(lang: str, left: DaysLeft, line: str) -> None:
    c = campaign(lang)
    text = acks.ack(lang, c, [(c.tasks[0], 2)], with_left(left))
    assert line in text
    assert "剩 1 个工作日" not in text or left is DaysLeft.DAYS


@pytest.mark.parametrize(
    ("lang", "left", "line"),
    [
        ("zh", DaysLeft.TODAY, "• 入户走访：12/40 户，下一节点目标 24，还差 12（今天截止，约需 12）"),
        ("zh", DaysLeft.NONE, "• 入户走访：12/40 户，下一节点目标 24，还差 12（已无工作日，仍差 12）"),
        ("en", DaysLeft.NONE, "12 to go (no working day left, 12 still short)"),
    ],
)
def test_me_and_progress_task_lines_say_it_too(lang: str, left: DaysLeft, line: str) -> None:
    assert line in "\n".join(standing.standing_lines(lang, campaign(lang), with_left(left)))


@pytest.mark.parametrize(
    ("lang", "left", "note"),
    [
        ("zh", DaysLeft.TODAY, "（今天截止）"),
        ("zh", DaysLeft.NONE, "（已无工作日）"),
        ("zh", DaysLeft.DAYS, "（剩 1 个工作日）"),
        ("en", DaysLeft.TODAY, " (due today)"),
        ("en", DaysLeft.NONE, " (no working day left)"),
    ],
)
def test_the_nudges_note_says_it_too(lang: str, left: DaysLeft, note: str) -> None:
    ts: TaskStanding = with_left(left).tasks[0]
    assert days_left_note(lang, campaign(lang), ts) == note
