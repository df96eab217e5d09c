"""Leave across a checkpoint (issue 11 §2): the member on leave gets no reminder and no nudge, is in no
laggard, digest or missed list — the leader's missed list says "请假至" instead — and after the leave
the reminders resume; exactly once across a restart. The example plan: 60 % due 12-05 18:00 (reminders
12-02, 12-04, 12-05 at 09:00), 80 % due 12-15 (reminder 12-12 09:00); 张三 has the only personal quota."""

from __future__ import annotations

from datetime import datetime

from bot.plans import load_plan
from scheduler.runner import Runner
from tests.example_plans import NUDGING
from tests.harness import SH, Harness, start_app, stop_app
from tests.reading import digests, missed_lists, nudges
from tests.reading import reminders_zh_or_en as reminders

REMIND_60 = datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH)
CHECKPOINT_60 = datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH)
REMIND_80 = datetime(2026, 12, 12, 9, 0, 30, tzinfo=SH)


async def test_a_leave_across_a_checkpoint_silences_the_member_and_the_lists_say_on_leave(h: Harness) -> None:
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    village = await h.join("李书记", 2002)
    await h.say(zhang, "/leave 12-01 12-06")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(REMIND_60)
    await runner.tick()
    assert reminders(h, zhang["id"]) == []  # on leave: no reminder
    assert len(reminders(h, li["id"])) == 1  # his colleague is reminded as ever
    [digest] = digests(h, village["id"])
    assert "张三" not in digest
    # A restart on the same morning reminds nobody twice and still not 张三.
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    await runner.tick()
    assert reminders(h, zhang["id"]) == []
    assert len(reminders(h, li["id"])) == 1
    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    [missed] = missed_lists(h, village["id"])
    assert "张三 · 请假至 12月6日" in missed
    assert "• 张三" not in missed
    h.clock.set(REMIND_80)  # back from leave: reminded again
    await runner.tick()
    [text] = reminders(h, zhang["id"])
    assert "80%" in text


async def test_the_leave_ended_early_brings_the_reminders_back(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/leave 11-20 12-10")
    h.clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=SH))
    await h.say(zhang, "/leave off")  # the last day is 12-01
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    assert len(reminders(h, zhang["id"])) == 1


async def test_no_nudge_during_leave(h: Harness) -> None:
    await h.services.plans.import_plan(load_plan(NUDGING.encode(), "plan.yaml"))
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)  # both behind, silent today
    await h.say(zhang, "/leave 11-20 11-21")
    h.clock.set(datetime(2026, 11, 20, 19, 30, 30, tzinfo=SH))
    await Runner.create(h.services, h.app.bot).tick()
    assert nudges(h, zhang["id"]) == []
    assert len(nudges(h, li["id"])) == 1


async def judged_members(h: Harness, percent: int) -> set[str]:
    rows = await h.services.db.reader.execute_fetchall(
        "SELECT assignee_key FROM checkpoint_results WHERE assignee_kind = 'member' AND percent = ?", (percent,)
    )
    return {str(r[0]) for r in rows}


async def test_the_stored_checkpoint_does_not_judge_a_member_on_leave_on_its_day(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/leave 12-04 12-06")  # 12-05: the 60 % checkpoint's day
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    assert await judged_members(h, 60) == set()  # 张三, the only personal quota, is not judged missed


async def test_the_stored_checkpoint_judges_a_member_back_before_its_day(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/leave 12-01 12-04")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    assert await judged_members(h, 60) == {await member_key(h, "张三")}


async def member_key(h: Harness, name: str) -> str:
    rows = await h.services.db.reader.execute_fetchall("SELECT key FROM members WHERE name = ?", (name,))
    return str(next(iter(rows))[0])


async def test_a_units_reminder_does_not_count_its_people_on_leave(h: Harness) -> None:
    li, wang = await h.join("李四", 1002), await h.join("王五", 1003)
    await h.say(wang, "/leave 12-01 12-03")  # one of the four cadres 白洋渡镇's register quota reaches
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    [text] = reminders(h, li["id"])
    assert "白洋渡镇还差 信息登记 108 份（剩 3 个工作日，每个工作日约 36 份），本单位 3 人" in text
    assert "七岭村还差 入户走访 24 户（剩 3 个工作日，每个工作日约 8 户），本单位 1 人" in text
