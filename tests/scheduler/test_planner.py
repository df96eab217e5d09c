"""The pure planner: which events a campaign has, when, and with what identity (SPEC §5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.model import BulletinSchedule, CalendarSpec, Milestone, ReminderSchedule
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from scheduler.planner import Kind, defer_quiet, in_quiet_hours, plan_events

SH = ZoneInfo("Asia/Shanghai")
QUIET = (time(21, 0), time(8, 0))
# Every day a working day: these tests are about the schedule itself; rest days: test_rest_days.py.
CAMPAIGN = replace(load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml").campaign, calendar=CalendarSpec(enabled=False))


def test_reminders_three_days_one_day_and_on_the_day_at_nine() -> None:
    sixty = [e for e in plan_events(CAMPAIGN, QUIET) if e.kind is Kind.REMINDER and e.percent == 60]
    assert [e.at for e in sixty] == [datetime(2026, 12, d, 9, 0, tzinfo=SH) for d in (2, 4, 5)]


def test_every_milestone_has_one_checkpoint_at_its_due() -> None:
    checkpoints = [e for e in plan_events(CAMPAIGN, None) if e.kind is Kind.CHECKPOINT]
    assert [(e.percent, e.at) for e in checkpoints] == [(m.percent, m.due) for m in CAMPAIGN.milestones]


def test_daily_bulletin_every_day_from_start_to_end() -> None:
    daily = [e for e in plan_events(CAMPAIGN, QUIET) if e.kind is Kind.DAILY]
    assert daily[0].at == datetime(2026, 11, 12, 18, 0, tzinfo=SH)
    # 01-05 is the final checkpoint's day: its checkpoint bulletin replaces the daily one
    assert daily[-1].at == datetime(2027, 1, 4, 18, 0, tzinfo=SH)
    assert len(daily) == 55 - 3  # 55 days, less the three checkpoint days (12-05, 12-15, 01-05)


def test_daily_bulletin_off_means_none() -> None:
    off = replace(CAMPAIGN, bulletin=BulletinSchedule(None))
    assert not [e for e in plan_events(off, QUIET) if e.kind is Kind.DAILY]


def test_cancelled_campaign_has_no_events() -> None:
    assert plan_events(replace(CAMPAIGN, cancelled=True), QUIET) == []


def test_moving_a_milestone_moves_its_reminders_and_their_keys() -> None:
    moved = replace(
        CAMPAIGN, milestones=(Milestone(60, datetime(2026, 12, 8, 18, 0, tzinfo=SH)), *CAMPAIGN.milestones[1:])
    )
    before = {e.key(1, "m1") for e in plan_events(CAMPAIGN, QUIET) if e.percent == 60}
    after = [e for e in plan_events(moved, QUIET) if e.kind is Kind.REMINDER and e.percent == 60]
    assert [e.local_date for e in after] == [date(2026, 12, 5), date(2026, 12, 7), date(2026, 12, 8)]
    # One reminder per milestone, recipient and day: the new 12-07 and 12-08 reminders are new
    # notifications, while 12-05 is the same day as an old one and is not sent a second time.
    assert {e.key(1, "m1") for e in after} - before == {"1:reminder:60:m1:2026-12-07", "1:reminder:60:m1:2026-12-08"}


@pytest.mark.parametrize(
    ("local", "quiet"),
    [(time(22, 0), True), (time(2, 0), True), (time(8, 0), False), (time(20, 59), False), (time(21, 0), True)],
)
def test_quiet_hours_wrap_midnight(local: time, quiet: bool) -> None:
    assert in_quiet_hours(local, QUIET) is quiet


def test_a_send_inside_quiet_hours_waits_until_they_end() -> None:
    assert defer_quiet(datetime(2026, 12, 1, 22, 30, tzinfo=SH), QUIET) == datetime(2026, 12, 2, 8, 0, tzinfo=SH)
    assert defer_quiet(datetime(2026, 12, 2, 6, 0, tzinfo=SH), QUIET) == datetime(2026, 12, 2, 8, 0, tzinfo=SH)
    assert defer_quiet(datetime(2026, 12, 2, 9, 0, tzinfo=SH), QUIET) == datetime(2026, 12, 2, 9, 0, tzinfo=SH)
    assert defer_quiet(datetime(2026, 12, 2, 22, 0, tzinfo=SH), None) == datetime(2026, 12, 2, 22, 0, tzinfo=SH)


def test_late_evening_reminders_are_deferred_to_the_morning() -> None:
    evening = replace(CAMPAIGN, reminders=ReminderSchedule((1,), time(22, 0)))
    [first] = [e for e in plan_events(evening, QUIET) if e.kind is Kind.REMINDER][:1]
    assert first.at == datetime(2026, 12, 5, 8, 0, tzinfo=SH)  # 12-04 22:00 is quiet → 08:00 next day
    assert first.local_date == date(2026, 12, 4)  # identity keeps the nominal date


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        defer_quiet(datetime(2026, 12, 2, 9, 0), QUIET)


def test_keys_name_campaign_kind_milestone_recipient_and_date() -> None:
    event = next(e for e in plan_events(CAMPAIGN, QUIET) if e.kind is Kind.REMINDER)
    assert event.key(7, "m42") == "7:reminder:60:m42:2026-12-02"
    assert event.key(7, "m42", kind="digest") == "7:digest:60:m42:2026-12-02"
