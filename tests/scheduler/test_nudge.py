"""The evening nudge (SPEC §5): a campaign may enable one gentle evening reminder to cadres who are
behind and sent nothing that day — at most once a day each, exactly once across a restart, never
inside the quiet hours, and nothing at all when the campaign does not enable it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from bot.domain.model import ReminderSchedule
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from scheduler.planner import Kind, plan_events
from scheduler.runner import Runner
from tests.example_plans import NUDGING
from tests.harness import SH, Harness, start_app, stop_app
from tests.reading import nudges

CAMPAIGN = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml").campaign
EVENING = datetime(2026, 11, 20, 19, 30, 30, tzinfo=SH)


def test_no_nudge_unless_the_campaign_enables_it() -> None:
    assert not [e for e in plan_events(CAMPAIGN, None) if e.kind is Kind.NUDGE]


def test_one_nudge_a_day_at_nudge_at_from_start_to_end() -> None:
    campaign = replace(CAMPAIGN, reminders=ReminderSchedule(nudge_at=time(19, 30)))
    events = [e for e in plan_events(campaign, (time(21, 0), time(8, 0))) if e.kind is Kind.NUDGE]
    assert events[0].at == datetime(2026, 11, 12, 19, 30, tzinfo=SH)
    assert events[-1].at == datetime(2027, 1, 4, 19, 30, tzinfo=SH)  # the end is 01-05 18:00
    # Working days only (rest days: test_rest_days.py): 38 of the 54 days from 11-12 to 01-04, without
    # the weekends (2027-01-01, a Friday beyond chinese_calendar's data, follows the weekend rule)
    assert len({e.local_date for e in events}) == len(events) == 38


def test_quiet_hours_defer_a_nudge_within_its_day_and_drop_one_they_would_push_into_the_next() -> None:
    lunch = replace(CAMPAIGN, reminders=ReminderSchedule(nudge_at=time(12, 30)))
    [first, *_] = [e for e in plan_events(lunch, (time(12, 0), time(14, 0))) if e.kind is Kind.NUDGE]
    assert (first.at, first.local_date) == (datetime(2026, 11, 12, 14, 0, tzinfo=SH), date(2026, 11, 12))
    night = replace(CAMPAIGN, reminders=ReminderSchedule(nudge_at=time(21, 30)))
    assert not [e for e in plan_events(night, (time(21, 0), time(8, 0))) if e.kind is Kind.NUDGE]


async def test_only_cadres_behind_who_sent_nothing_today_are_nudged_once_a_day_across_a_restart(h: Harness) -> None:
    await h.services.plans.import_plan(load_plan(NUDGING.encode(), "plan.yaml"))
    zhang = await h.join("张三", 1001)  # behind, sends nothing: nudged
    li = await h.join("李四", 1002)  # behind, but reported today: left alone
    wang = await h.join("王五", 1003)  # reported yesterday and is ahead: left alone
    zhao = await h.join("赵六", 1004)  # no quota of his own: nothing to be behind on
    h.clock.set(datetime(2026, 11, 19, 10, 0, tzinfo=SH))
    await h.say(wang, "走访10")
    await h.say(zhang, "走访1")  # yesterday's report does not count for today
    h.clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SH))
    await h.say(li, "走访1")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2026, 11, 20, 19, 29, tzinfo=SH))
    await runner.tick()
    assert nudges(h, zhang["id"]) == []  # not before nudge_at
    h.clock.set(EVENING)
    await runner.tick()
    await runner.tick()
    [text] = nudges(h, zhang["id"])
    assert "张三" in text
    assert "入户走访" in text
    assert nudges(h, li["id"]) == []
    assert nudges(h, wang["id"]) == []
    assert nudges(h, zhao["id"]) == []
    # A restart on the same evening does not nudge again.
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    h.clock.set(datetime(2026, 11, 20, 19, 45, tzinfo=SH))
    await runner.tick()
    assert len(nudges(h, zhang["id"])) == 1
    # The next evening is a Saturday, a rest day: no nudge. Monday's is another day: one more.
    h.clock.set(datetime(2026, 11, 21, 19, 30, 30, tzinfo=SH))
    await runner.tick()
    assert len(nudges(h, zhang["id"])) == 1
    h.clock.set(datetime(2026, 11, 23, 19, 30, 30, tzinfo=SH))
    await runner.tick()
    assert len(nudges(h, zhang["id"])) == 2


async def test_a_nudge_missed_while_the_bot_was_down_is_not_sent_in_the_quiet_hours_or_the_next_day(
    h: Harness,
) -> None:
    await h.services.plans.import_plan(load_plan(NUDGING.encode(), "plan.yaml"))
    zhang = await h.join("张三", 1001)
    h.clock.set(datetime(2026, 11, 20, 18, 0, tzinfo=SH))
    await Runner.create(h.services, h.app.bot).tick()
    await stop_app(h.app)  # down from 18:00 to 22:00, back with the quiet hours 21:00-08:00
    h.clock.set(datetime(2026, 11, 20, 22, 0, tzinfo=SH))
    h.app = await start_app(h.emu, h.settings.model_copy(update={"quiet_hours": (time(21, 0), time(8, 0))}), h.clock)
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    await runner.tick()
    h.clock.set(datetime(2026, 11, 21, 9, 0, tzinfo=SH))
    await runner.tick()
    assert nudges(h, zhang["id"]) == []
