"""After the deadline a final summary bulletin closes the campaign in every bound group, exactly once
(SPEC §3.3): met or missed per unit against the final targets, totals, praise; cadres named only
when the campaign enables naming."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from bot.emulator import SentMessage
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from scheduler.planner import Kind, plan_events
from scheduler.runner import Runner
from tests.harness import SH, Harness, start_app, stop_app

CAMPAIGN = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml").campaign
BEFORE_END = datetime(2027, 1, 5, 17, 0, tzinfo=SH)  # every earlier event has run by then
AFTER_END = datetime(2027, 1, 5, 18, 0, 30, tzinfo=SH)  # the campaign ended at 18:00


def finals(h: Harness, chat_id: int) -> list[SentMessage]:
    return [s for s in h.emu.sent(chat_id) if "活动总结" in s.body and not s.photo]


def final_charts(h: Harness, chat_id: int) -> list[SentMessage]:
    return [s for s in h.emu.sent(chat_id) if "活动总结" in s.body and s.photo]


def test_a_campaign_has_one_final_event_at_its_end_and_a_cancelled_one_none() -> None:
    events = [e for e in plan_events(CAMPAIGN, (time(21, 0), time(8, 0))) if e.kind is Kind.FINAL]
    assert [e.at for e in events] == [CAMPAIGN.end]
    assert not [e for e in plan_events(replace(CAMPAIGN, cancelled=True), None) if e.kind is Kind.FINAL]


async def test_the_final_bulletin_reaches_the_group_once_across_ticks_and_a_restart(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    group = await h.bound_group(town, -100900, "白洋渡镇群")
    await h.say(zhang, "走访40 体检30")  # 七岭村 meets its whole quota (visit 40, checkup 30)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(BEFORE_END)
    await runner.tick()
    assert finals(h, group["id"]) == []  # not before the deadline
    h.clock.set(AFTER_END)
    await runner.tick()
    await runner.tick()
    [summary] = finals(h, group["id"])
    assert len(final_charts(h, group["id"])) == 1
    body = summary.body
    print(body)
    rows = {line.split()[1]: line for line in body.splitlines() if line[:1].isdigit()}
    assert "✅" in rows["七岭村"]
    assert "入户走访 40/100" in body  # the town's totals per task against its quota
    assert "达标单位 1/1" in body
    assert "七岭村" in body.split("表扬")[1]
    assert "张三" not in body  # cadres are not named unless the campaign enables it
    assert "每天约" not in body
    # The final summary is the group's bulletin of that moment: no 100 % checkpoint bulletin besides.
    assert not [s for s in h.emu.sent(group["id"]) if "100%节点通报" in s.body]
    # A restart (new app, new runner, same database) does not post it again.
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    h.clock.set(datetime(2027, 1, 6, 9, 0, tzinfo=SH))
    await runner.tick()
    assert len(finals(h, group["id"])) == 1
    assert len(final_charts(h, group["id"])) == 1


async def test_leaders_still_get_the_list_of_who_missed_the_final_checkpoint(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    await h.join("张三", 1001)
    await h.bound_group(town, -100901, "白洋渡镇群")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(BEFORE_END)
    await runner.tick()
    h.clock.set(AFTER_END)
    await runner.tick()
    assert [s for s in h.emu.sent(town["id"]) if "100%节点未达标" in s.body]


async def test_a_village_final_bulletin_names_cadres_only_when_the_campaign_enables_it(h: Harness) -> None:
    gap = "public_warning_gap: 10"
    naming = EXAMPLE_PLAN_YAML.replace(gap, f"{gap}\n  name_cadres_in_bulletin: true")
    await h.services.plans.import_plan(load_plan(naming.encode(), "plan.yaml"))
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    group = await h.bound_group(village, -100902, "七岭村群")
    await h.say(zhang, "走访20 体检15")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(BEFORE_END)
    await runner.tick()
    h.clock.set(AFTER_END)
    await runner.tick()
    [summary] = finals(h, group["id"])
    print(summary.body)
    assert "张三" in summary.body
    assert "入户走访 20/40" in summary.body  # the village's own totals per task


async def test_after_downtime_through_the_deadline_the_group_gets_one_final_summary(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -100903, "白洋渡镇群")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2027, 1, 6, 9, 0, tzinfo=SH))  # the bot was down from 11-20 until after the end
    await runner.tick()
    assert len(finals(h, group["id"])) == 1
    checkpoints = [s for s in h.emu.sent(group["id"]) if "节点通报" in s.body and not s.photo]
    assert len(checkpoints) == 2  # the 60 % and 80 % checkpoints, caught up; the 100 % one is the summary
