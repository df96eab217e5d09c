"""Checkpoint bulletins in the bound group, and a milestone moved by re-uploading the plan in chat
(SPEC §5): real PTB over HTTP, the emulator, a moved clock, ticks driven by the test."""

from __future__ import annotations

from datetime import datetime

from bot.emulator import SentMessage
from bot.plans.example import EXAMPLE_PLAN_YAML
from scheduler.runner import Runner
from tests.harness import SH, Harness, start_app, stop_app
from tests.reading import reminders

CHECKPOINT_60 = datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH)


def checkpoint_bulletins(h: Harness, chat_id: int) -> list[SentMessage]:
    return [s for s in h.emu.sent(chat_id) if "60%节点通报" in s.body and not s.photo]


def checkpoint_charts(h: Harness, chat_id: int) -> list[SentMessage]:
    return [s for s in h.emu.sent(chat_id) if "60%节点通报" in s.body and s.photo]


async def test_checkpoint_bulletin_reaches_the_bound_group_once_across_ticks_and_a_restart(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    zhang = await h.join("张三", 1001)
    group = await h.bound_group(county, -100600, "县群")
    # 白洋渡镇 reaches its 60 % targets (visit 60, checkup 42, register 108); 元木镇 does nothing.
    await h.say(zhang, "走访30 体检21 登记54")
    await h.say(zhang, "走访30 体检21 登记54")
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(datetime(2026, 12, 5, 17, 59, tzinfo=SH))
    await runner.tick()
    assert checkpoint_bulletins(h, group["id"]) == []  # not before the due time
    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    await runner.tick()
    [bulletin] = checkpoint_bulletins(h, group["id"])
    assert len(checkpoint_charts(h, group["id"])) == 1
    rows = {line.split()[1]: line for line in bulletin.body.splitlines() if line[:1].isdigit()}
    assert "✅" in rows["白洋渡镇"]
    assert "❌" not in rows["白洋渡镇"]
    assert "❌" in rows["元木镇"]
    assert "✅" not in rows["元木镇"]
    # A restart (new app, new runner on the same database) does not post it again.
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    h.clock.set(datetime(2026, 12, 5, 18, 5, tzinfo=SH))
    await runner.tick()
    assert len(checkpoint_bulletins(h, group["id"])) == 1
    assert len(checkpoint_charts(h, group["id"])) == 1


async def test_leader_moves_a_milestone_by_reuploading_the_plan_and_reminders_follow(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    zhang = await h.join("张三", 1001)
    old, new = "{percent: 60, due: 2026-12-05T18:00}", "{percent: 60, due: 2026-12-10T18:00}"
    assert old in EXAMPLE_PLAN_YAML
    await h.say(county, "/plan")
    before = len(h.emu.sent(county["id"]))
    h.emu.send_document(county, "plan.yaml", EXAMPLE_PLAN_YAML.replace(old, new).encode())
    [preview] = await h.emu.wait_for_sent(county["id"], after=before)
    await h.press(county, preview, preview.buttons()[0][1])
    assert "已更新活动" in preview.body
    runner = Runner.create(h.services, h.app.bot)
    # The old schedule (12-02, 12-04, 12-05 09:00 and the 12-05 18:00 checkpoint) sends nothing.
    for when in (
        datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH),
        datetime(2026, 12, 4, 9, 0, 30, tzinfo=SH),
        datetime(2026, 12, 5, 9, 0, 30, tzinfo=SH),
        datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH),
    ):
        h.clock.set(when)
        await runner.tick()
    assert reminders(h, zhang["id"]) == []
    assert not [s for s in h.emu.sent(county["id"]) if "未达标人员" in s.body]
    # The new one: 3 and 1 days before 12-10, on time (no late mark), due date shown as 12-10.
    h.clock.set(datetime(2026, 12, 7, 9, 0, 30, tzinfo=SH))
    await runner.tick()
    h.clock.set(datetime(2026, 12, 9, 9, 0, 30, tzinfo=SH))
    await runner.tick()
    texts = reminders(h, zhang["id"])
    assert len(texts) == 2
    assert all("12月10日 18:00" in text and "补发" not in text for text in texts)


async def test_a_429_on_the_chart_resumes_the_bulletin_without_reposting_its_text(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    group = await h.bound_group(county, -100601, "县群")
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    runner = Runner.create(h.services, h.app.bot, sleep=fake_sleep)
    h.emu.inject_fault("sendPhoto", "429", retry_after=7, chat_id=group["id"])
    h.clock.set(datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH))  # the 60 % checkpoint (it replaces the daily bulletin)
    before = len(h.emu.sent(group["id"]))
    await runner.tick()
    posted = h.emu.sent(group["id"])[before:]
    assert slept == [7.0]
    texts = [s.body for s in posted if not s.photo]
    assert len(texts) == 1  # the checkpoint bulletin's text, once, not reposted for the retried chart
    assert "60%节点通报" in texts[0]
    assert len([s for s in posted if s.photo]) == 1
