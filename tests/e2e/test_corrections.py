"""Corrections are idempotent by the update that caused them (SPEC §9): /undo, edits, "are you sure?"
prompts and verified reports, through PTB + the emulator with a real SQLite file."""

from __future__ import annotations

from typing import Any

from bot.emulator import SentMessage
from tests.harness import Harness, start_app, stop_app, total
from tests.redelivery import last_update_id, restart_and_redeliver


async def ledger(h: Harness) -> list[tuple[Any, ...]]:
    async with h.services.db.reader.execute("SELECT task, delta, source, status FROM reports ORDER BY id") as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def test_a_redelivered_undo_is_answered_already_undone_and_reverts_nothing_more(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访3")
    await h.say(zhang, "走访4")
    [undone] = await h.say(zhang, "/undo")
    assert "撤回" in undone.body
    assert await total(h, "张三", "visit") == 3
    before = len(h.emu.sent(zhang["id"]))
    await restart_and_redeliver(h, last_update_id(h))  # the /undo again, e.g. after its reply timed out
    [again] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "已经处理过" in again.body
    assert "入户走访 +4" in again.body
    assert await total(h, "张三", "visit") == 3  # 走访3 was acknowledged: it stays


async def test_a_redelivered_undo_in_english_says_already_undone(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    await h.say(zhang, "visit 2")
    await h.say(zhang, "visit 5")
    await h.say(zhang, "/undo")
    before = len(h.emu.sent(zhang["id"]))
    await restart_and_redeliver(h, last_update_id(h))
    [again] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "already undone" in again.body
    assert await total(h, "张三", "visit") == 2


async def test_a_redelivered_edit_changes_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, "走访5")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+5" in s.body)
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "走访7")
    await h.emu.wait_for_sent(zhang["id"], after=before)
    await restart_and_redeliver(h, last_update_id(h))
    await h.emu.settle(quiet=0.1)
    assert await total(h, "张三", "visit") == 7


async def ask_large(h: Harness, user: dict[str, Any], text: str) -> tuple[dict[str, Any], SentMessage]:
    """Send a report above max_per_report; return the user's message and the bot's prompt."""
    before = len(h.emu.sent(user["id"]))
    message = h.emu.send_text(user, text)
    [ask] = await h.emu.wait_for_sent(user["id"], after=before)
    assert ask.buttons(), ask.body
    return message, ask


async def test_the_old_confirmation_does_nothing_after_the_message_was_edited(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    message, ask = await ask_large(h, zhang, "走访60")
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "走访5")  # the cadre fixes the typo instead of answering
    [ack] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "+5" in ack.body
    await h.press(zhang, ask, ask.buttons()[0][1])  # then presses the old ✅
    assert "已过时" in ask.body
    assert await total(h, "张三", "visit") == 5


async def test_an_edit_that_no_longer_parses_still_withdraws_the_old_question(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    message, ask = await ask_large(h, zhang, "走访60")
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "走访")
    await h.emu.wait_for_sent(zhang["id"], after=before)  # "missing count"
    await h.press(zhang, ask, ask.buttons()[0][1])
    assert "已过时" in ask.body
    assert await total(h, "张三", "visit") == 0


async def test_a_pending_confirmation_survives_a_restart_and_counts_once_when_answered_twice(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    _, ask = await ask_large(h, zhang, "登记100")
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    yes = ask.buttons()[0][1]
    await h.press(zhang, ask, yes)
    assert "+100" in ask.body
    await restart_and_redeliver(h, last_update_id(h))  # the same press, delivered again
    await h.emu.settle(quiet=0.1)
    h.emu.press_button(zhang, ask, yes)  # and pressed again
    await h.emu.settle(quiet=0.1)
    assert await total(h, "张三", "register") == 100


async def test_a_confirmation_keeps_no_text_of_the_message(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await ask_large(h, zhang, "今天登记100份")
    async with h.services.db.reader.execute("SELECT * FROM confirmations") as cur:
        rows = [tuple(r) for r in await cur.fetchall()]
    assert len(rows) == 1
    assert not any(isinstance(v, str) and "今天" in v for v in rows[0])


async def _verified(h: Harness, text: str, *, approve: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, text)
    await h.emu.wait_for_sent(zhang["id"], lambda s: "已记录" in s.body)
    [pending] = await h.say(village, "/verify")
    await h.press(village, pending, pending.buttons()[1 if approve else 2][1])
    return zhang, message


async def test_edit_of_a_verified_report_changes_no_count_and_says_why(h: Harness) -> None:
    zhang, message = await _verified(h, "走访10", approve=True)
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "走访50")
    [reply] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "已审核通过" in reply.body
    assert "没有改变" in reply.body
    assert await total(h, "张三", "visit") == 10
    [refused] = await h.say(zhang, "/undo")
    assert "已经审核通过" in refused.body
    assert await total(h, "张三", "visit") == 10
    assert await ledger(h) == [("visit", 10, "text", "verified")]


async def test_edit_of_a_rejected_report_changes_no_count(h: Harness) -> None:
    zhang, message = await _verified(h, "走访10", approve=False)
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "走访12")
    [reply] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "已被驳回" in reply.body
    assert await total(h, "张三", "visit") == 0
    assert await ledger(h) == [("visit", 10, "text", "rejected")]
