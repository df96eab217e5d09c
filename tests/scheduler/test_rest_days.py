"""Reminders on rest days (issue 11 §1): a reminder — and the leaders' digest that goes with it — due on a
rest day moves to the previous working day at the same time (`reminders.rest_days: previous`, the
default), is skipped (`skip`) or sent anyway (`send`); one that lands on another reminder's moment is
sent once; none moves before the campaign starts. Evening nudges rest too; daily bulletins keep
their schedule unless `bulletin.rest_days: skip`; checkpoints never move (a deadline is a deadline).

The example plan's 60 % checkpoint is due Saturday 2026-12-05 18:00 with reminders 3, 1 and 0 days
before at 09:00: Wednesday 12-02, Friday 12-04 and Saturday 12-05, which moves onto Friday's.
Across 元旦 2026 (chinese_calendar: 1–3 January holidays, Sunday 4 January a working day) a
checkpoint due Sunday 2026-01-04 18:00 has reminders 3 and 0 days before: Thursday 1 January, a
holiday, moves to Wednesday 31 December; Sunday's is sent on Sunday.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from bot.domain.model import BulletinSchedule, CalendarSpec, Campaign, Milestone, ReminderSchedule, RestDays
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from scheduler.planner import Kind, plan_events
from scheduler.runner import Runner
from tests.harness import SH, Harness, start_app, stop_app
from tests.reading import digests, reminders

CAMPAIGN = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml").campaign
M60 = CAMPAIGN.milestones[0]
NEW_YEAR = replace(
    CAMPAIGN,
    start=datetime(2025, 12, 29, 8, 0, tzinfo=SH),
    end=datetime(2026, 1, 9, 18, 0, tzinfo=SH),
    milestones=(Milestone(60, datetime(2026, 1, 4, 18, 0, tzinfo=SH)),
                Milestone(100, datetime(2026, 1, 9, 18, 0, tzinfo=SH))),
    reminders=ReminderSchedule(days_before=(3, 0), at=time(9, 0)),
)  # fmt: skip
NEW_YEAR_YAML = (
    EXAMPLE_PLAN_YAML.replace("start: 2026-11-12T08:00", "start: 2025-12-29T08:00")
    .replace("end: 2027-01-05T18:00", "end: 2026-01-09T18:00")
    .replace("{percent: 60, due: 2026-12-05T18:00}", "{percent: 60, due: 2026-01-04T18:00}")
    .replace("{percent: 80, due: 2026-12-15T18:00}", "{percent: 80, due: 2026-01-06T18:00}")
    .replace("{percent: 100, due: 2027-01-05T18:00}", "{percent: 100, due: 2026-01-09T18:00}")
    .replace("days_before: [3, 1, 0]", "days_before: [3, 0]")
)


@pytest.fixture
def clock() -> ManualClock:
    """The bot comes up before New Year 2026, so the campaign moved there is in its future."""
    return ManualClock(datetime(2025, 12, 28, 12, 0, tzinfo=SH))


def reminders_of(campaign: Campaign, percent: int) -> list[datetime]:
    return [e.at for e in plan_events(campaign, None) if e.kind is Kind.REMINDER and e.percent == percent]


def when(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=SH)


def with_rest_days(campaign: Campaign, rest: RestDays) -> Campaign:
    return replace(campaign, reminders=replace(campaign.reminders, rest_days=rest))


# --- the plan of events ----------------------------------------------------------------------------


def test_a_reminder_due_on_a_saturday_moves_onto_fridays_and_is_planned_once() -> None:
    assert reminders_of(CAMPAIGN, 60) == [when(2026, 12, 2), when(2026, 12, 4)]


def test_across_new_year_a_holiday_reminder_moves_back_and_the_make_up_sunday_keeps_its_own() -> None:
    assert reminders_of(NEW_YEAR, 60) == [when(2025, 12, 31), when(2026, 1, 4)]


def test_skip_drops_a_rest_day_reminder_and_send_keeps_it() -> None:
    assert reminders_of(with_rest_days(NEW_YEAR, RestDays.SKIP), 60) == [when(2026, 1, 4)]
    assert reminders_of(with_rest_days(NEW_YEAR, RestDays.SEND), 60) == [when(2026, 1, 1), when(2026, 1, 4)]
    assert reminders_of(with_rest_days(CAMPAIGN, RestDays.SEND), 60) == [
        when(2026, 12, 2),
        when(2026, 12, 4),
        when(2026, 12, 5),
    ]


def test_a_reminder_never_moves_before_the_campaign_starts() -> None:
    late_start = replace(NEW_YEAR, start=datetime(2026, 1, 1, 8, 0, tzinfo=SH))
    assert reminders_of(late_start, 60) == [when(2026, 1, 4)]  # 31 December is before the start


def test_a_campaign_without_a_calendar_sends_every_reminder_on_its_day() -> None:
    every_day = replace(CAMPAIGN, calendar=CalendarSpec(enabled=False))
    assert reminders_of(every_day, 60) == [when(2026, 12, 2), when(2026, 12, 4), when(2026, 12, 5)]


def test_checkpoints_never_move() -> None:
    [checkpoint] = [e for e in plan_events(CAMPAIGN, None) if e.kind is Kind.CHECKPOINT and e.percent == 60]
    assert checkpoint.at == M60.due  # Saturday 18:00


def test_nudges_rest_on_rest_days_unless_rest_days_send() -> None:
    nudging = replace(CAMPAIGN, reminders=replace(CAMPAIGN.reminders, nudge_at=time(19, 30)))
    days = {e.local_date for e in plan_events(nudging, None) if e.kind is Kind.NUDGE}
    assert date(2026, 11, 20) in days  # a Friday
    assert date(2026, 11, 21) not in days  # Saturday
    assert date(2026, 11, 22) not in days  # Sunday
    sending = with_rest_days(nudging, RestDays.SEND)
    assert date(2026, 11, 21) in {e.local_date for e in plan_events(sending, None) if e.kind is Kind.NUDGE}


def test_daily_bulletins_keep_their_schedule_unless_bulletin_rest_days_skip() -> None:
    def daily(campaign: Campaign) -> set[date]:
        return {e.local_date for e in plan_events(campaign, None) if e.kind is Kind.DAILY}

    assert date(2026, 11, 21) in daily(CAMPAIGN)
    skipping = replace(CAMPAIGN, bulletin=BulletinSchedule(time(18, 0), RestDays.SKIP))
    assert date(2026, 11, 21) not in daily(skipping)
    assert date(2026, 11, 20) in daily(skipping)


# --- end to end: the runner, PTB and the emulator ------------------------------------------------


async def test_the_moved_reminder_and_its_digest_go_out_once_on_friday_across_a_restart(h: Harness) -> None:
    li = await h.join("李四", 1002)  # 七岭村's quota reaches him
    town = await h.join("郭镇长", 2001)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2026, 12, 4, 9, 0, 30, tzinfo=SH))
    await runner.tick()
    await runner.tick()
    [text] = reminders(h, li["id"])
    assert "剩 1 个工作日" in text  # Friday is the last working day before Saturday's checkpoint
    assert len(digests(h, town["id"])) == 1
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    h.clock.set(datetime(2026, 12, 5, 9, 0, 30, tzinfo=SH))  # Saturday: its reminder went out on Friday
    await runner.tick()
    assert len(reminders(h, li["id"])) == 1
    assert len(digests(h, town["id"])) == 1


async def test_across_new_year_reminders_go_out_on_new_years_eve_and_on_the_make_up_sunday(h: Harness) -> None:
    await h.services.plans.import_plan(load_plan(NEW_YEAR_YAML.encode(), "plan.yaml"))
    li = await h.join("李四", 1002)
    runner = Runner.create(h.services, h.app.bot)
    for moment, sent in [
        (datetime(2025, 12, 31, 9, 0, 30, tzinfo=SH), 1),  # the 3-day reminder, moved from 1 January
        (datetime(2026, 1, 1, 9, 0, 30, tzinfo=SH), 1),  # nothing on the holiday itself
        (datetime(2026, 1, 4, 9, 0, 30, tzinfo=SH), 2),  # the 调休 Sunday is a working day
    ]:
        h.clock.set(moment)
        await runner.tick()
        assert len(reminders(h, li["id"])) == sent, moment
