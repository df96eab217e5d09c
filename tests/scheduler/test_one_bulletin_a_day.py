"""On a checkpoint day a group gets one bulletin: the checkpoint bulletin replaces the daily one
(SPEC §3.3, §5). The example plan's checkpoints are 12-05 18:00, 12-15 18:00 and 01-05 18:00; its
daily bulletin is at 18:00."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from bot.domain.model import BulletinSchedule, Milestone
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from scheduler.planner import Kind, plan_events
from scheduler.runner import Runner
from tests.harness import SH, Harness

QUIET = (time(21, 0), time(8, 0))
CAMPAIGN = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml").campaign
CHECKPOINT_DAYS = {date(2026, 12, 5), date(2026, 12, 15), date(2027, 1, 5)}


def test_no_daily_bulletin_is_planned_on_a_checkpoint_day() -> None:
    events = plan_events(CAMPAIGN, QUIET)
    daily = {e.local_date for e in events if e.kind is Kind.DAILY}
    assert daily.isdisjoint(CHECKPOINT_DAYS)
    assert {date(2026, 12, 4), date(2026, 12, 6)} <= daily
    assert {e.local_date for e in events if e.kind is Kind.CHECKPOINT} == CHECKPOINT_DAYS


def test_a_checkpoint_at_noon_still_replaces_that_days_evening_bulletin() -> None:
    noon = replace(
        CAMPAIGN, milestones=(Milestone(60, datetime(2026, 12, 5, 12, 0, tzinfo=SH)), *CAMPAIGN.milestones[1:])
    )
    daily = {e.local_date for e in plan_events(noon, QUIET) if e.kind is Kind.DAILY}
    assert date(2026, 12, 5) not in daily


def test_a_checkpoint_deferred_past_midnight_replaces_the_bulletin_of_the_day_it_is_posted() -> None:
    # Due 12-05 23:00, inside quiet hours: posted 12-06 08:00. The 12-05 18:00 daily goes out (the
    # checkpoint had not come yet); on 12-06 the checkpoint is the group's one bulletin.
    late = replace(
        CAMPAIGN, milestones=(Milestone(60, datetime(2026, 12, 5, 23, 0, tzinfo=SH)), *CAMPAIGN.milestones[1:])
    )
    daily = {e.local_date for e in plan_events(late, QUIET) if e.kind is Kind.DAILY}
    assert date(2026, 12, 5) in daily
    assert date(2026, 12, 6) not in daily


def test_with_the_daily_bulletin_off_the_checkpoints_remain() -> None:
    off = replace(CAMPAIGN, bulletin=BulletinSchedule(None))
    events = plan_events(off, QUIET)
    assert {e.local_date for e in events if e.kind is Kind.CHECKPOINT} == CHECKPOINT_DAYS
    assert not [e for e in events if e.kind is Kind.DAILY]


async def test_the_group_gets_one_bulletin_on_the_checkpoint_day(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    group = await h.bound_group(county, -100700, "县群")
    runner = Runner.create(h.services, h.app.bot)
    before = len(h.emu.sent(group["id"]))  # the binding's confirmation
    h.clock.set(datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH))
    await runner.tick()
    await runner.tick()
    posted = h.emu.sent(group["id"])[before:]
    texts = [s.body for s in posted if not s.photo]
    assert len(texts) == 1
    assert "60%节点通报" in texts[0]
    assert len([s for s in posted if s.photo]) == 1
