"""Reporting through PTB + the emulator (SPEC §3.2, §9): acknowledged only after commit, never twice."""

from __future__ import annotations

from typing import Any

from bot.chat.ratelimit import REPLY_ATTEMPTS
from bot.texts import th
from tests.harness import Harness, start_app, stop_app, total


async def test_free_text_with_chinese_numerals_records_every_task_and_shows_the_standing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "今天入户走访十二户，健康体检两人")
    assert "入户走访 +12 → 12/20 户" in ack.body
    assert "健康体检 +2 → 2/15 人" in ack.body
    assert "60%节点还需" in ack.body  # 60% of 20 = 12 met for visit; checkup 9 still needed
    assert await total(h, "张三", "visit") == 12
    assert await total(h, "张三", "checkup") == 2


async def test_english_aliases_work(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    [ack] = await h.say(zhang, "visit 5, checkup 3")
    assert "Recorded" in ack.body
    assert "+5" in ack.body
    assert await total(h, "张三", "visit") == 5


# What was sent → the one refusal it gets; each names the problem and shows how to report.
BAD_COUNTS: list[tuple[str, str, dict[str, Any]]] = [
    ("走访-5", "parser.negative", {"task": "入户走访", "word": "-5"}),
    ("走访0", "parser.zero", {"task": "入户走访"}),
    ("走访5.5", "parser.fractional", {"task": "入户走访", "word": "5.5"}),
    ("走访1e9", "parser.absurd", {"task": "入户走访", "word": "1e9", "limit": 10_000}),
    ("走访٥", "parser.foreign_digit", {"word": "٥"}),
    ("走访5; DROP TABLE reports", "parser.unknown_word", {"word": "DROP"}),
    ("走访" + "5" * 10_000, "parser.too_long", {"limit": 500}),
]


async def test_bad_counts_are_refused_and_change_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    for text, key, params in BAD_COUNTS:
        [reply] = await h.say(zhang, text)
        assert reply.body == th("zh", key, example="走访5 体检3", **params), text[:30]
    [ok] = await h.say(zhang, "走访５")  # full-width digit is fine
    assert "+5" in ok.body
    assert await total(h, "张三", "visit") == 5


async def test_unparseable_chatter_in_private_gets_how_to_report(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [reply] = await h.say(zhang, "你好，请问怎么用？")
    assert "上报格式" in reply.body


async def test_non_member_report_is_refused(h: Harness) -> None:
    stranger = h.emu.user(700, "路人")
    [reply] = await h.say(stranger, "走访5")
    assert "还不是本活动的成员" in reply.body


async def test_count_above_max_per_report_asks_first(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ask] = await h.say(zhang, "登记100")
    assert "确认" in ask.body
    assert ask.buttons()
    assert await total(h, "张三", "register") == 0  # nothing recorded while asking
    await h.press(zhang, ask, ask.buttons()[0][1])
    assert "+100" in ask.body
    assert await total(h, "张三", "register") == 100
    [ask2] = await h.say(zhang, "登记90")
    await h.press(zhang, ask2, ask2.buttons()[1][1])
    assert "已取消" in ask2.body
    assert await total(h, "张三", "register") == 100


async def test_a_confirmation_pressed_after_two_hours_has_expired_and_records_nothing(h: Harness) -> None:
    """A ✅ counts the report from when it was sent; hours later that would date work in the past, so the
    question has expired: the cadre is told to send the report again, and a second press says the same."""
    zhang = await h.join("张三", 1001)
    [ask] = await h.say(zhang, "登记100")
    yes = ask.buttons()[0][1]
    h.clock.advance(hours=2, minutes=1)
    await h.press(zhang, ask, yes)
    assert ask.body == th("zh", "report.confirm_expired")
    assert "重新发送" in ask.body
    assert await total(h, "张三", "register") == 0
    await h.press_stale(zhang, ask, yes)  # the keyboard is gone; a second press answers the same
    assert ask.body == th("zh", "report.confirm_expired")
    assert await total(h, "张三", "register") == 0


async def test_report_keyboard_task_amount_confirm(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [menu] = await h.say(zhang, "/report")
    visit = next(data for text, data in menu.buttons() if text == "入户走访")
    await h.press(zhang, menu, visit)
    five = next(data for text, data in menu.buttons() if text == "5")
    await h.press(zhang, menu, five)
    confirm = menu.buttons()[0][1]
    h.emu.press_button(zhang, menu, confirm)
    h.emu.press_button(zhang, menu, confirm)  # a double tap: both presses carry the keyboard
    await h.emu.settle(quiet=0.2)
    assert "入户走访 +5" in menu.body
    assert await total(h, "张三", "visit") == 5
    h.emu.press_button(zhang, menu, confirm)  # a third, on the acknowledgement (no keyboard left)
    await h.emu.settle(quiet=0.2)
    assert await total(h, "张三", "visit") == 5
    assert all(len(data.encode()) <= 64 for _, data in menu.buttons())


async def test_report_keypad_for_other_amounts(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [menu] = await h.say(zhang, "/report")
    await h.press(zhang, menu, next(d for t, d in menu.buttons() if t == "健康体检"))
    await h.press(zhang, menu, next(d for t, d in menu.buttons() if t == "输入其他数量"))
    for digit in ("1", "2"):
        await h.press(zhang, menu, next(d for t, d in menu.buttons() if t == digit))
    await h.press(zhang, menu, next(d for t, d in menu.buttons() if t == "OK"))
    await h.press(zhang, menu, menu.buttons()[0][1])
    assert "健康体检 +12" in menu.body
    assert await total(h, "张三", "checkup") == 12


async def test_report_edit_replaces_original_never_double_counts(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, "走访5")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+5" in s.body)
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "走访7 体检1")
    [ack] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "更正" in ack.body
    assert await total(h, "张三", "visit") == 7
    assert await total(h, "张三", "checkup") == 1


async def test_the_same_update_delivered_again_after_a_restart_is_recorded_once(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.emu.send_text(zhang, "走访3")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+3" in s.body)
    update_id = max(h.emu.world.delivered)
    await stop_app(h.app)
    h.emu.redeliver(update_id)  # the confirmation was lost: Telegram sends it again to the new process
    h.app = await start_app(h.emu, h.settings, h.clock)
    await h.emu.settle()  # fetched, processed and confirmed again …
    # … and not answered again: its acknowledgement was sent, the database says so
    assert len([s for s in h.emu.sent(zhang["id"]) if "入户走访 +3" in s.body]) == 1
    assert await total(h, "张三", "visit") == 3


async def test_undo_reverts_the_last_report_only_once(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访4")
    await h.say(zhang, "走访2 体检1")
    [undone] = await h.say(zhang, "/undo")
    assert "撤回" in undone.body
    assert await total(h, "张三", "visit") == 4
    assert await total(h, "张三", "checkup") == 0
    await h.say(zhang, "/undo")
    await h.say(zhang, "/undo")
    [nothing] = await h.say(zhang, "/undo")
    assert "没有可以撤回" in nothing.body
    assert await total(h, "张三", "visit") == 0


async def test_reports_after_the_end_are_refused(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.clock.advance(days=60)
    [reply] = await h.say(zhang, "走访5")
    assert "已于" in reply.body
    assert "结束" in reply.body


async def test_reports_before_the_start_are_refused(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.clock.advance(days=-9)
    [reply] = await h.say(zhang, "走访5")
    assert "尚未开始" in reply.body


async def _bound_group(h: Harness) -> dict[str, Any]:
    town = await h.join("郭镇长", 2001)
    return await h.bound_group(town, -100777, "镇群")


def _alerts(h: Harness) -> list[str]:
    answers = [c for c in h.emu.calls if c.method == "answerCallbackQuery"]
    return [str(c.params["text"]) for c in answers if c.params.get("text")]


async def test_only_the_reporter_can_confirm_a_large_report_in_a_group(h: Harness) -> None:
    group = await _bound_group(h)
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    [ask] = await h.say(zhang, "登记100", chat=group)
    yes = ask.buttons()[0][1]
    h.emu.press_button(li, ask, yes)  # a colleague presses 张三's button
    await h.emu.settle(quiet=0.1)
    assert any("只有本人" in text for text in _alerts(h))
    assert await total(h, "李四", "register") == 0
    assert await total(h, "张三", "register") == 0
    await h.press(zhang, ask, yes)  # still pending for 张三
    assert "+100" in ask.body
    assert await total(h, "张三", "register") == 100
    assert await total(h, "李四", "register") == 0


async def test_only_the_member_who_opened_the_report_keyboard_can_use_it(h: Harness) -> None:
    group = await _bound_group(h)
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    [menu] = await h.say(zhang, "/report", chat=group)
    visit = next(data for text, data in menu.buttons() if text == "入户走访")
    edits = menu.edits
    h.emu.press_button(li, menu, visit)
    await h.emu.settle(quiet=0.1)
    assert menu.edits == edits  # the keyboard did not move on for 李四
    assert any("只有本人" in text for text in _alerts(h))
    await h.press(zhang, menu, visit)
    await h.press(zhang, menu, next(data for text, data in menu.buttons() if text == "5"))
    h.emu.press_button(li, menu, menu.buttons()[0][1])  # 李四 taps ✅ on 张三's confirmation
    await h.emu.settle(quiet=0.1)
    assert await total(h, "李四", "visit") == 0
    assert await total(h, "张三", "visit") == 0
    await h.press(zhang, menu, menu.buttons()[0][1])
    assert await total(h, "张三", "visit") == 5
    assert await total(h, "李四", "visit") == 0


async def test_an_acknowledgement_hit_by_429_waits_and_arrives_once(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.emu.inject_fault("sendMessage", "429", retry_after=1, chat_id=zhang["id"])
    [ack] = await h.say(zhang, "走访5")
    assert "入户走访 +5" in ack.body  # not "nothing took effect": the limiter waited and sent it again
    await h.emu.settle(quiet=0.2)
    assert len([s for s in h.emu.sent(zhang["id"]) if "入户走访 +5" in s.body]) == 1
    assert await total(h, "张三", "visit") == 5


async def test_an_acknowledgement_failing_every_retry_is_tried_again_until_it_arrives(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    # every attempt of the rate limiter's round fails (REPLY_ATTEMPTS of them): it is owed, so tried again
    h.emu.inject_fault("sendMessage", "5xx", times=REPLY_ATTEMPTS, chat_id=zhang["id"])
    h.emu.send_text(zhang, "走访5")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "入户走访 +5" in s.body, timeout=30)  # never silence …
    assert not [s for s in h.emu.sent(zhang["id"]) if "没有生效" in s.body]  # … never "nothing happened"
    assert await total(h, "张三", "visit") == 5


async def test_a_burst_of_reports_is_acknowledged_under_telegrams_per_chat_limit(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.emu.rate_limits(enabled=True)  # 429 past a burst of 3, then 1 message/s, in a private chat
    for _ in range(6):
        h.emu.send_text(zhang, "走访1")
    acks = await h.emu.wait_for_sent(zhang["id"], lambda s: "入户走访 +1" in s.body, count=6)
    assert len(acks) == 6
    assert [c for c in h.emu.calls if c.status == 429] == []  # paced, not refused and retried
    assert await total(h, "张三", "visit") == 6
