"""One failing event, or one failing recipient, never stops the others (issue 8 D): the failure is
recorded once as `failed` with a reason that names nobody, listed in the leaders' next digest, and
the tick goes on. Real PTB over HTTP, the emulator, a moved clock, ticks driven by the test."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.domain.model import Campaign
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.chart import render_completion_chart
from bot.storage.outbox import Notification, OutboxRepo
from scheduler.planner import Event, QuietHours, plan_events
from scheduler.runner import Runner
from tests.harness import SH, Harness
from tests.reading import digests

CHECKPOINT_60 = datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH)
REMIND_80 = datetime(2026, 12, 12, 9, 0, 30, tzinfo=SH)


async def rows(h: Harness) -> list[Notification]:
    return await OutboxRepo(h.services.db.reader).by_key_prefix(f"{await h.campaign_id()}:")


async def test_a_chart_that_fails_for_one_group_stops_no_other_bulletin_reminder_or_digest(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    county, town = await h.join("陈主任", 3001), await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    county_group = await h.bound_group(county, -100700, "县群")
    town_group = await h.bound_group(town, -100701, "镇群")
    charted: list[str] = []

    def render(title: str, *args: Any, **kwargs: Any) -> bytes:
        charted.append(title)
        if "白洋渡镇" in title:  # stands for a unit name the chart cannot draw
            raise ValueError(f"unparseable name in {title}")
        return render_completion_chart(title, *args, **kwargs)

    monkeypatch.setattr("bot.services.bulletins.render_completion_chart", render)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(CHECKPOINT_60)
    await runner.tick()  # the town's checkpoint bulletin (that day's only one) fails; nothing else does
    county_posts = [s for s in h.emu.sent(county_group["id"]) if "60%节点通报" in s.body]
    assert len(county_posts) == 2  # the checkpoint text and its chart
    assert not [s for s in h.emu.sent(town_group["id"]) if "节点通报" in s.body or s.photo]
    assert [s for s in h.emu.sent(county["id"]) if "未达标人员" in s.body]
    failed = [r for r in await rows(h) if r.state == "failed"]
    assert {(r.kind, r.recipient) for r in failed} == {("checkpoint", "g-100701")}
    assert all(r.detail and "ValueError" in r.detail and "白洋渡镇" not in r.detail for r in failed)
    tries = len(charted)
    await runner.tick()
    assert len(charted) == tries  # recorded once, not retried on every tick
    h.clock.set(REMIND_80)
    await runner.tick()
    assert [s for s in h.emu.sent(zhang["id"]) if "节点还有以下任务未完成" in s.body]
    [digest] = digests(h, town["id"])
    assert digest.count("未能发出") == 1
    assert "白洋渡镇工作群" in digest
    [county_digest] = digests(h, county["id"])
    assert county_digest.count("未能发出") == 1


async def test_an_event_that_fails_as_a_whole_is_recorded_once_and_later_events_still_run(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    county = await h.join("陈主任", 3001)
    zhang = await h.join("张三", 1001)
    group = await h.bound_group(county, -100702, "县群")
    real_load, broken = h.services.progress.load, {"reminder": True}

    async def load(record, **kwargs):  # type: ignore[no-untyped-def]
        if broken["reminder"]:
            raise RuntimeError("the reminders of this event cannot be computed")
        return await real_load(record, **kwargs)

    monkeypatch.setattr(h.services.progress, "load", load)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH))
    await runner.tick()  # the 60 % reminders fail as a whole
    [event] = [r for r in await rows(h) if r.recipient == "all" and r.due_at == h.clock().replace(second=0)]
    assert event.state == "failed"
    assert event.detail
    assert "RuntimeError" in event.detail
    assert [r for r in await rows(h) if r.state == "failed"] == [event]
    broken["reminder"] = False
    await runner.tick()
    assert not [s for s in h.emu.sent(zhang["id"]) if "节点还有以下任务未完成" in s.body]  # not retried
    h.clock.set(datetime(2026, 12, 2, 18, 0, 30, tzinfo=SH))
    await runner.tick()
    assert [s for s in h.emu.sent(group["id"]) if s.photo]  # the daily bulletin still runs
    h.clock.set(datetime(2026, 12, 4, 9, 0, 30, tzinfo=SH))
    await runner.tick()
    assert len([s for s in h.emu.sent(zhang["id"]) if "节点还有以下任务未完成" in s.body]) == 1
    [digest] = digests(h, county["id"])
    assert "未能发出" in digest
    assert "全体" in digest


async def test_a_campaign_whose_schedule_cannot_be_planned_stops_no_other_campaign(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    zhang = await h.join("张三", 1001)
    second = EXAMPLE_PLAN_YAML.replace("key: winter-service-2026", "key: winter-second-2026")
    await h.services.plans.import_plan(
        load_plan(second.replace("冬季健康服务集中活动", "第二项活动").encode(), "p.yaml")
    )

    def plan(campaign: Campaign, quiet: QuietHours) -> list[Event]:
        if campaign.key == "winter-service-2026":
            raise ValueError("a schedule that cannot be derived")
        return plan_events(campaign, quiet)

    monkeypatch.setattr("scheduler.runner.plan_events", plan)
    h.clock.set(datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH))
    await Runner.create(h.services, h.app.bot).tick()
    [reminder] = [s.body for s in h.emu.sent(zhang["id"]) if "节点还有以下任务未完成" in s.body]
    assert "张三" in reminder
