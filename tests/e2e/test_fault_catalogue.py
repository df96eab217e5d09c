"""Fault and bad-input catalogue (issue 5): each stimulus → its asserted outcome, and nothing lost
or counted twice afterwards. Items proven elsewhere are listed at the bottom with their tests."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import pytest

from bot.chat.app import build_app
from bot.chat.polling import ReliablePoller
from bot.logging_setup import configure_logging
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.storage.db import Database
from bot.storage.org import MemberRepo
from bot.storage.outbox import OutboxRepo
from bot.storage.prefs import PrefsRepo
from scheduler.runner import Runner
from tests.harness import SH, Harness, start_app, stop_app, total


async def test_report_edited_from_5_to_50_counts_50(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, "走访5")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+5" in s.body)
    h.emu.edit_text(zhang, message, "走访50")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+50" in s.body)
    assert await total(h, "张三", "visit") == 50


async def test_interleaved_reports_of_one_member_all_count_once(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    for i in range(20):
        h.emu.send_text(zhang, f"走访{i % 3 + 1}")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "已记录" in s.body, count=20, timeout=30)
    assert await total(h, "张三", "visit") == sum(i % 3 + 1 for i in range(20))


async def test_an_acknowledgement_refused_twice_with_502_is_retried_and_arrives(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.emu.inject_fault("sendMessage", "5xx", times=2, chat_id=zhang["id"])
    [ack] = await h.say(zhang, "走访5")
    assert "入户走访 +5" in ack.body  # the member has the answer, not silence
    assert [k for m, k in h.emu.server.faults.fired if m == "sendMessage"] == ["5xx", "5xx"]
    assert await total(h, "张三", "visit") == 5


async def test_an_acknowledgement_whose_connection_drops_is_retried_and_arrives(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.emu.inject_fault("sendMessage", "network", times=2, chat_id=zhang["id"])
    [ack] = await h.say(zhang, "走访4")
    assert "入户走访 +4" in ack.body
    assert await total(h, "张三", "visit") == 4


async def test_a_429_in_one_chat_delays_no_other_chats_acknowledgement(h: Harness) -> None:
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    h.emu.inject_fault("sendMessage", "429", retry_after=6, chat_id=zhang["id"])
    h.emu.send_text(zhang, "走访2")  # first in the queue: its acknowledgement is refused, that chat waits 6 s
    [ack] = await h.say(li, "走访3")
    assert "入户走访 +3" in ack.body
    assert ("sendMessage", "429") in h.emu.server.faults.fired  # 张三's chat was held while 李四 was answered …
    assert not [s for s in h.emu.sent(zhang["id"]) if "入户走访 +2" in s.body]
    await h.emu.wait_for_sent(zhang["id"], lambda s: "入户走访 +2" in s.body, timeout=20)  # … and is answered after
    await h.emu.settle()
    assert len([s for s in h.emu.sent(zhang["id"]) if "入户走访 +2" in s.body]) == 1
    assert await total(h, "张三", "visit") == 2
    assert await total(h, "李四", "visit") == 3


async def test_reports_of_one_chat_are_applied_in_order_while_other_chats_run(h: Harness) -> None:
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    h.emu.inject_fault("sendMessage", "timeout", chat_id=zhang["id"], delay=3)  # 张三's first answer hangs 3 s
    first = h.emu.send_text(zhang, "走访1")
    h.emu.edit_text(zhang, first, "走访7")  # must be applied after the report it corrects
    await h.say(li, "走访3")
    assert not [s for s in h.emu.sent(zhang["id"]) if "+7" in s.body]  # still behind the held answer
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+7" in s.body, timeout=20)
    await h.emu.settle()
    assert await total(h, "张三", "visit") == 7
    assert await total(h, "李四", "visit") == 3


async def test_update_id_jump_is_harmless(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    import itertools

    h.emu.world._update_ids = itertools.count(max(h.emu.world.delivered) + 10_000)
    [ack] = await h.say(zhang, "走访2")
    assert "+2" in ack.body


async def test_html_and_markdown_characters_in_names_are_escaped(h: Harness) -> None:
    plan = EXAMPLE_PLAN_YAML.replace("name: 张三", "name: '<b>张</b>_*[三'").replace(
        "assignee: 张三", "assignee: '<b>张</b>_*[三'"
    )
    await h.services.plans.import_plan(load_plan(plan.encode(), "plan.yaml"))
    invites = await h.services.invites.invites(await h.campaign_id(), None, "b")
    code = next(i.code for i in invites if i.member.member.name == "<b>张</b>_*[三")
    odd = h.emu.user(1001, "odd")
    [joined] = await h.say(odd, f"/start {code}")
    assert "&lt;b&gt;张&lt;/b&gt;_*[三" in joined.body  # escaped in the HTML the bot sent
    [me] = await h.say(odd, "/me")  # the emulator refuses unbalanced HTML, so arriving at all proves escaping
    assert "<b>张</b>_*[三" in me.body.replace("&lt;", "<").replace("&gt;", ">")
    village = await h.join("李书记", 2002)
    [listing] = await h.say(village, "/invite")
    assert listing.body


async def test_user_who_never_pressed_start_is_marked_unreachable(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.emu.never_started(zhang)
    h.clock.set(datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH))
    await Runner.create(h.services, h.app.bot).tick()
    member = await MemberRepo(h.services.db.reader).by_key("张三")
    assert member is not None
    assert member.id in await PrefsRepo(h.services.db.reader).unreachable_ids()


async def test_a_reminder_whose_connection_resets_after_delivery_is_uncertain_sent_once_and_listed(
    h: Harness,
) -> None:
    zhang, village = await h.join("张三", 1001), await h.join("李书记", 2002)
    h.emu.inject_fault("sendMessage", "reset", chat_id=zhang["id"])  # delivered, then the answer is lost

    async def no_sleep(_: float) -> None:
        pass

    h.clock.set(datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH))
    await Runner.create(h.services, h.app.bot, sleep=no_sleep).tick()
    calls = [c for c in h.emu.calls if c.method == "sendMessage" and "节点还有" in str(c.params.get("text"))]
    assert len(calls) == 1
    assert len([s for s in h.emu.sent(zhang["id"]) if "节点还有" in s.body]) == 1
    [row] = list(await OutboxRepo(h.services.db.reader).by_key_prefix(f"{await h.campaign_id()}:reminder:"))
    assert row.state == "uncertain"
    [digest] = [s.body for s in h.emu.sent(village["id"]) if "落后名单" in s.body]
    assert "可能未送达" in digest
    assert "张三" in digest


async def test_restart_ten_minutes_before_a_checkpoint_evaluates_it_once(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    await h.join("张三", 1001)
    h.clock.set(datetime(2026, 12, 5, 17, 50, tzinfo=SH))
    await Runner.create(h.services, h.app.bot).tick()
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    h.clock.set(datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH))
    runner = Runner.create(h.services, h.app.bot)
    await runner.startup()
    await runner.tick()
    await runner.tick()
    assert len([s for s in h.emu.sent(village["id"]) if "未达标人员" in s.body]) == 1


async def test_token_never_reaches_the_log_after_100_polls(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    await stop_app(h.app)  # one poller at a time, as in production
    # Logging is configured (as `campaign-bot run` does) and captured before the app is built:
    # PTB logs the Bot API URL, which ends in the token, at DEBUG while building the bot.
    configure_logging("DEBUG", [h.emu.token])
    with caplog.at_level(logging.DEBUG):
        app = build_app(h.settings, clock=h.clock, token=h.emu.token, with_scheduler=False)
        before = len([c for c in h.emu.calls if c.method == "getUpdates"])
        await app.initialize()
        stop = asyncio.Event()
        task = asyncio.create_task(ReliablePoller(app, timeout=0).run(stop))
        while len([c for c in h.emu.calls if c.method == "getUpdates"]) < before + 100:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        stop.set()
        await task
        await app.shutdown()
    logging.getLogger().setLevel(logging.WARNING)
    assert "getUpdates" in caplog.text  # PTB's debug logging did run …
    assert "Set Bot API URL" in caplog.text
    assert h.emu.token not in caplog.text  # … without the token
    assert h.emu.token.split(":")[1] not in caplog.text
    h.app = await start_app(h.emu, h.settings, h.clock)


async def test_no_update_content_reaches_the_log_even_at_debug(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    invites = await h.services.invites.invites(await h.campaign_id(), None, "campaign_test_bot")
    code = next(i.code for i in invites if i.member.member.name == "张三")
    await stop_app(h.app)  # one poller at a time, as in production
    configure_logging("DEBUG", [h.emu.token])  # as `campaign-bot run` does with LOG_LEVEL=DEBUG
    with caplog.at_level(logging.DEBUG):
        h.app = await start_app(h.emu, h.settings, h.clock)
        zhang = h.emu.user(1001, "Bartholomew")  # the Telegram name, in every update from him
        [welcome] = await h.say(zhang, f"/start {code}")
        [ack] = await h.say(zhang, "走访3")
        [refusal] = await h.say(zhang, "蓝鲸湾今天下雨")  # not a report: in the update, never in the log
        await h.emu.settle()
    logging.getLogger().setLevel(logging.WARNING)
    assert "张三" in welcome.body  # PTB's debug logging ran …
    assert "+3" in ack.body
    assert "没看懂" in refusal.body
    assert "Calling Bot API endpoint" in caplog.text
    assert "sendMessage" in caplog.text
    for secret in (code, "蓝鲸湾", "Bartholomew", "张三", "走访3"):  # … without the content of any update or reply
        assert secret not in caplog.text, secret


async def test_write_lock_held_two_seconds_by_another_connection_only_delays(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    other = await Database.open(h.settings.database_path)
    try:
        async with other.transaction():  # BEGIN IMMEDIATE: holds the write lock
            h.emu.send_text(zhang, "走访4")
            await asyncio.sleep(2)
        await h.emu.wait_for_sent(zhang["id"], lambda s: "+4" in s.body, timeout=10)
    finally:
        await other.close()
    assert await total(h, "张三", "visit") == 4


# Proven elsewhere (file → test):
# repeated update after a restart → test_reporting::test_the_same_update_delivered_again_after_a_restart…
# kill -9 after commit before reply → process/test_kills::test_kill_9_after_commit_before_reply…
# kill -9 with fetched but unprocessed updates → process/test_kills::test_kill_9_with_fetched_but_unprocessed…
#   (and at random moments → process/test_chaos)
# SIGTERM with 50 queued updates → process/test_restarts::test_sigterm_with_50_queued_updates…
# webhook with wrong/missing secret; webhook delivery → e2e/test_webhook
# webhook retry (same update delivered twice) → e2e/test_webhook::test_a_webhook_update_delivered_twice…
# second instance (same path, a symlink, a hard link) → process/test_instances; crash after 40 of 100
#   reminders → process/test_fanout_crash
# kill -9 while one chat is held and the others ran ahead → process/test_kills (the offset confirms only
#   the finished prefix); SIGTERM with concurrent chats → process/test_restarts
# a chart, a composition or a whole event that fails; a campaign that cannot be planned → scheduler/test_isolation
# wall clock 18 days ahead, then put back → scheduler/test_clock_jump, scheduler/test_tick_loop
# 429/400/403/refused connection vs 5xx/timeout/reset → emulator/test_delivery_classes, scheduler/test_outbox_delivery
# downtime across a checkpoint, leader moves a milestone, campaign cancelled, 429 retry_after=30 with
#   the test's sleep, 403 blocked user, group migration → scheduler/test_runner
# ranking longer than 4096 characters, stranger adds the bot, migration while sending → e2e/test_plans_and_groups
# callback payload > 64 bytes → emulator/test_emulator_with_ptb and e2e/test_reporting (keyboard sizes)
# unregistered user reports, counts -5 0 1e9 5.5 ٥ ５ "5; DROP TABLE" 10 kB → e2e/test_reporting
# cadre tries a leader command, leader of unit A acts on unit B, forwarded command, anonymous admin
#   → e2e/test_leader; join-code brute force → e2e/test_onboarding; kill -9 mid-write → storage/test_ledger
