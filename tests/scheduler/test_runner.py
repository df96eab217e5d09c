"""The scheduler against the real bot stack: real SQLite, PTB over HTTP, the emulator, a moved clock.

Ticks are driven directly (no sleeping through hours); restarts are real app rebuilds on the same DB.
"""

from __future__ import annotations

from datetime import datetime

from bot.storage.campaigns import CampaignRepo
from bot.storage.org import MemberRepo
from bot.storage.prefs import PrefsRepo
from scheduler.runner import Runner
from tests.harness import SH, Harness, start_app, stop_app
from tests.reading import reminders

REMIND_60 = datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH)


async def test_only_cadres_behind_get_a_reminder_and_only_once(h: Harness) -> None:
    zhang = await h.join("张三", 1001)  # quota visit 20, checkup 15
    li = await h.join("李四", 1002)  # no quota of his own: 七岭村's reaches him
    wang = await h.join("王五", 1003)  # no quota, nor has 双泉村: 白洋渡镇's reaches him
    await h.say(wang, "走访1")
    h.clock.set(REMIND_60)
    runner = Runner.create(h.services, h.app.bot)
    await runner.tick()
    await runner.tick()
    [text] = reminders(h, zhang["id"])
    assert "入户走访" in text
    assert "0/12" in text
    assert "补发" not in text
    # Without a quota of their own, their unit's quota reaches them (SPEC §5), also once.
    [li_text] = reminders(h, li["id"])
    assert "七岭村还差 入户走访" in li_text
    [wang_text] = reminders(h, wang["id"])
    assert "白洋渡镇还差 入户走访 59" in wang_text


async def test_cadre_on_target_gets_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12 体检9 登记54")
    await h.say(zhang, "登记54")  # 白洋渡镇's register quota reaches him too (no personal one): 108/108
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    assert reminders(h, zhang["id"]) == []


async def test_leader_gets_one_digest_of_laggards_in_scope(h: Harness) -> None:
    await h.join("张三", 1001)
    town = await h.join("郭镇长", 2001)
    h.clock.set(REMIND_60)
    runner = Runner.create(h.services, h.app.bot)
    await runner.tick()
    await runner.tick()
    digests = [s.body for s in h.emu.sent(town["id"]) if "落后名单" in s.body]
    assert len(digests) == 1
    assert "张三" in digests[0]  # roster members who never joined
    assert "七岭村" in digests[0]
    assert "联系不上" in digests[0]
    assert "李四" in digests[0]


async def test_no_duplicate_after_a_restart(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    await runner.tick()
    assert len(reminders(h, zhang["id"])) == 1


async def test_a_reminder_due_during_downtime_arrives_once_with_the_late_mark(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.clock.set(datetime(2026, 12, 4, 15, 0, tzinfo=SH))  # the 12-02 and 12-04 09:00 reminders were missed
    runner = Runner.create(h.services, h.app.bot)
    await runner.tick()
    await runner.tick()
    [text] = reminders(h, zhang["id"])  # only the latest one is caught up, not both
    assert "补发" in text


async def test_after_the_milestone_closed_it_is_recorded_missed_and_shown_in_the_next_digest(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    village = await h.join("李书记", 2002)
    h.clock.set(datetime(2026, 12, 6, 10, 0, tzinfo=SH))  # down from before 12-02 until after the 60% due
    runner = Runner.create(h.services, h.app.bot)
    await runner.tick()
    assert reminders(h, zhang["id"]) == []  # nothing stale is sent to the cadre
    missed = [s.body for s in h.emu.sent(village["id"]) if "未达标人员" in s.body]
    assert missed  # the checkpoint itself is evaluated once, late
    assert "张三" in missed[0]
    h.clock.set(datetime(2026, 12, 12, 9, 0, 30, tzinfo=SH))  # 80% reminders, 3 days before
    await runner.tick()
    [digest] = [s.body for s in h.emu.sent(village["id"]) if "落后名单" in s.body]
    assert "未送达" in digest
    assert "张三" in digest
    await runner.tick()
    h.clock.set(datetime(2026, 12, 14, 9, 0, 30, tzinfo=SH))
    await runner.tick()
    second = [s.body for s in h.emu.sent(village["id"]) if "落后名单" in s.body][-1]
    assert "未送达" not in second  # a problem is reported once


async def test_every_leader_whose_scope_holds_a_missed_reminder_hears_of_it_once(h: Harness) -> None:
    zhang = await h.join("张三", 1001)  # in 七岭村, under 白洋渡镇
    village, town = await h.join("李书记", 2002), await h.join("郭镇长", 2001)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2026, 12, 6, 10, 0, tzinfo=SH))  # down across the 60 % reminders and due time
    await runner.tick()
    assert reminders(h, zhang["id"]) == []
    for day in (12, 14):  # two digests in a row: the problem is listed in the first only, for each leader
        h.clock.set(datetime(2026, 12, day, 9, 0, 30, tzinfo=SH))
        await runner.tick()
    for leader in (village, town):
        digests = [s.body for s in h.emu.sent(leader["id"]) if "落后名单" in s.body]
        assert len(digests) == 2, digests
        assert "未送达" in digests[0]
        assert "张三" in digests[0]
        assert "未送达" not in digests[1]


async def test_blocked_cadre_is_marked_unreachable_and_the_others_still_get_theirs(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.services.plans.import_plan(_plan_with_quota_for("王五"))
    wang = await h.join("王五", 1003)
    h.emu.block_bot(zhang)
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    assert len(reminders(h, wang["id"])) == 1
    member = await MemberRepo(h.services.db.reader).by_key("张三")
    assert member is not None
    assert member.id in await PrefsRepo(h.services.db.reader).unreachable_ids()


async def test_429_waits_retry_after_with_the_injected_sleep_and_sends_once(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    h.emu.inject_fault("sendMessage", "429", retry_after=30, chat_id=zhang["id"])
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot, sleep=fake_sleep).tick()
    assert slept == [30.0]
    assert len(reminders(h, zhang["id"])) == 1


async def test_daily_bulletin_goes_to_the_bound_group_once_and_a_stale_one_is_skipped(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -100500, "镇群")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2026, 11, 20, 18, 0, 30, tzinfo=SH))
    await runner.tick()
    await runner.tick()
    photos = [s for s in h.emu.sent(group["id"]) if s.photo]
    assert len(photos) == 1
    h.clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=SH))  # the 11-21 bulletin fell in downtime
    await runner.tick()
    assert len([s for s in h.emu.sent(group["id"]) if s.photo]) == 1


async def test_migrated_group_gets_the_bulletin_once_at_its_new_id(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -100501, "镇群")
    new_id = h.emu.migrate_group(group)
    h.emu.world.updates.clear()  # the bot never saw the service message
    h.clock.set(datetime(2026, 11, 20, 18, 0, 30, tzinfo=SH))
    await Runner.create(h.services, h.app.bot).tick()
    assert len([s for s in h.emu.sent(new_id) if s.photo]) == 1


async def test_cancelled_campaign_sends_nothing_and_moved_milestone_reschedules(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    cid = await h.campaign_id()
    async with h.services.db.transaction() as conn:
        await CampaignRepo(conn).set_milestone_due(cid, 60, datetime(2026, 12, 10, 18, 0, tzinfo=SH))
    h.clock.set(REMIND_60)
    runner = Runner.create(h.services, h.app.bot)
    await runner.tick()
    assert reminders(h, zhang["id"]) == []  # 12-02 is no longer 3 days before the 60% due
    h.clock.set(datetime(2026, 12, 7, 9, 0, 30, tzinfo=SH))
    await runner.tick()
    assert len(reminders(h, zhang["id"])) == 1
    async with h.services.db.transaction() as conn:
        await CampaignRepo(conn).set_cancelled(cid, True)
    h.clock.set(datetime(2026, 12, 9, 9, 0, 30, tzinfo=SH))
    await runner.tick()
    assert len(reminders(h, zhang["id"])) == 1


def _plan_with_quota_for(name: str):  # type: ignore[no-untyped-def]
    from bot.plans import load_plan
    from bot.plans.example import EXAMPLE_PLAN_YAML

    line = "  - {assignee: 张三,   visit: 20,  checkup: 15}"
    assert line in EXAMPLE_PLAN_YAML
    text = EXAMPLE_PLAN_YAML.replace(line, f"{line}\n  - {{assignee: {name}, visit: 10}}")
    return load_plan(text.encode(), "plan.yaml")
