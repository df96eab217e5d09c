"""A campaign's Horizon on one day is built once (bot/domain/forecast.py campaign_horizon): every typed
report's acknowledgement asks for it twice (the recent sums' start, the book's recent window), with
the same campaign on the same day. Kept by value — the calendar, the first and last day, today — so
a plan that changes its calendar or dates, or a new day, gets a horizon of its own, never a stale one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.forecast import Horizon, campaign_horizon, recent_since
from bot.domain.model import Assignee, CalendarSpec, Campaign, Member, Milestone, Role, Unit
from bot.domain.progress import ProgressBook
from bot.domain.tree import OrgTree
from bot.domain.workdays import WorkCalendar

SH = ZoneInfo("Asia/Shanghai")
CAMPAIGN = replace(
    Campaign("c", "测试", datetime(2025, 12, 29, 8, 0, tzinfo=SH), datetime(2026, 1, 16, 18, 0, tzinfo=SH)),
    calendar=CalendarSpec(),
)
MORNING, EVENING = datetime(2026, 1, 8, 9, 0, tzinfo=SH), datetime(2026, 1, 8, 17, 30, tzinfo=SH)


def test_the_same_campaign_on_the_same_day_shares_one_horizon() -> None:
    assert campaign_horizon(CAMPAIGN, MORNING) is campaign_horizon(CAMPAIGN, EVENING)


def test_it_is_the_horizon_built_from_the_calendar() -> None:
    built = Horizon.build(WorkCalendar(CalendarSpec()), date(2025, 12, 29), date(2026, 1, 16), date(2026, 1, 8))
    assert campaign_horizon(CAMPAIGN, MORNING) == built
    # 8 Jan: completed working days 29–31 Dec, 4–7 Jan (1 Jan a holiday, 2 Jan a rest day, 3 Jan a weekend).
    assert (built.elapsed, built.window_first, built.window_days) == (7, date(2025, 12, 31), 5)


def test_a_changed_calendar_is_seen_at_once() -> None:
    before = campaign_horizon(CAMPAIGN, MORNING)
    # The plan now makes 5 Jan a holiday: one completed working day fewer, the window starts a day earlier.
    changed = replace(CAMPAIGN, calendar=CalendarSpec(holidays=frozenset({date(2026, 1, 5)})))
    after = campaign_horizon(changed, MORNING)
    assert (after.elapsed, after.window_first) == (before.elapsed - 1, date(2025, 12, 30))
    assert recent_since(changed, MORNING) == datetime(2025, 12, 30, tzinfo=SH)
    assert campaign_horizon(CAMPAIGN, MORNING) is before  # the unchanged plan keeps its own


def test_changed_dates_and_a_new_day_are_seen_at_once() -> None:
    later_end = replace(CAMPAIGN, end=datetime(2026, 1, 23, 18, 0, tzinfo=SH))
    assert len(campaign_horizon(later_end, MORNING).ahead) == len(campaign_horizon(CAMPAIGN, MORNING).ahead) + 5
    next_day = campaign_horizon(CAMPAIGN, datetime(2026, 1, 9, 9, 0, tzinfo=SH))
    assert (next_day.today, next_day.elapsed) == (date(2026, 1, 9), 8)


def test_the_books_recent_window_is_the_horizons() -> None:
    campaign = replace(CAMPAIGN, milestones=(Milestone(60, datetime(2026, 1, 9, 18, 0, tzinfo=SH)),))
    at = datetime(2025, 12, 31, 9, 0, tzinfo=SH)  # two completed working days: the window has 2
    tree = OrgTree.build([Unit("v", "村", "village")], [Member("m", "x", "v", Role.CADRE)])
    book = ProgressBook(campaign, tree, {}, {}, at)
    assert book._recent_workdays() == campaign_horizon(campaign, at).window_days == 2
    assert book.standing(Assignee.member("m")).assignee == Assignee.member("m")
