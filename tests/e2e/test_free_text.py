"""Free text people actually type, through PTB and the emulator (SPEC §3.2): a task named twice is summed
and the acknowledgement says so; a running total asks about the difference (answered once, dead after
an edit); a typo asks "did you mean"; 昨天 records the work under yesterday, never before the campaign."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.emulator import SentMessage
from bot.texts import th
from tests.harness import SH, Harness, total


async def question(h: Harness, user: dict[str, Any], text: str) -> tuple[dict[str, Any], SentMessage]:
    """Send `text`; return the user's message and the bot's question (which must carry buttons)."""
    before = len(h.emu.sent(user["id"]))
    message = h.emu.send_text(user, text)
    [asked] = await h.emu.wait_for_sent(user["id"], after=before)
    assert asked.buttons(), asked.body
    return message, asked


async def work_dates(h: Harness) -> list[tuple[str, int, str | None]]:
    async with h.services.db.reader.execute("SELECT task, delta, work_date FROM reports ORDER BY id") as cur:
        return [(r[0], r[1], r[2]) for r in await cur.fetchall()]


async def test_the_same_task_twice_in_one_message_is_summed_and_the_acknowledgement_says_so(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "上午走访3户，下午走访2户")
    assert "入户走访 +5 → 5/20 户" in ack.body
    assert "入户走访 3+2=5" in ack.body
    assert await total(h, "张三", "visit") == 5
    assert await work_dates(h) == [("visit", 5, None)]  # one entry, not two


async def test_filler_traditional_characters_and_count_first_are_understood(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "@campaign_test_bot 今天走訪了5户人家，3人體檢，谢谢领导")
    assert "入户走访 +5" in ack.body
    assert "健康体检 +3" in ack.body
    assert "3+2" not in ack.body


async def test_an_approximation_asks_for_an_exact_number_and_records_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [reply] = await h.say(zhang, "走访十来户")
    assert reply.body == th("zh", "parser.approximate", word="来", task="入户走访", example="走访5 体检3")
    [reply] = await h.say(zhang, "走访一二")
    assert "看不准数量“一二”" in reply.body
    assert await total(h, "张三", "visit") == 0


async def test_a_running_total_asks_about_the_difference_and_a_second_press_records_nothing_more(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访5")
    _, asked = await question(h, zhang, "累计走访12户")
    assert "累计 12，已记录 5，差额 +7 户" in asked.body
    assert await total(h, "张三", "visit") == 5  # nothing added while asking
    yes = asked.buttons()[0][1]
    await h.press(zhang, asked, yes)
    assert "入户走访 +7 → 12/20 户" in asked.body
    assert not asked.buttons()
    await h.press_stale(zhang, asked, yes)  # the same press again (a double tap, a redelivered update)
    assert await total(h, "张三", "visit") == 12


async def test_a_running_total_not_above_the_recorded_one_records_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访5")
    [reply] = await h.say(zhang, "共走访3户")
    assert "没有超过已记录的数量" in reply.body
    assert "累计 3，已记录 5，没有差额" in reply.body
    assert not reply.buttons()
    assert await total(h, "张三", "visit") == 5


async def test_the_difference_is_taken_when_the_member_answers_not_when_asked(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    _, asked = await question(h, zhang, "累计走访10户")
    await h.say(zhang, "走访4")  # sent before answering: part of the total already
    await h.press(zhang, asked, asked.buttons()[0][1])
    assert "入户走访 +6 → 10/20 户" in asked.body
    assert await total(h, "张三", "visit") == 10


async def test_editing_a_running_total_makes_its_old_button_do_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    message, asked = await question(h, zhang, "累计走访12户")
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "走访1")
    [ack] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "+1" in ack.body
    await h.press(zhang, asked, asked.buttons()[0][1])
    assert "已过时" in asked.body
    assert await total(h, "张三", "visit") == 1


async def test_a_typo_asks_did_you_mean_and_the_button_records_the_corrected_report(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    _, asked = await question(h, zhang, "走防5户 体检3")
    assert "“走防”是不是“走访”？" in asked.body
    assert "入户走访 5、健康体检 3" in asked.body
    assert await total(h, "张三", "visit") == 0
    [(label, yes), _] = asked.buttons()
    assert "走访" in label
    await h.press(zhang, asked, yes)
    assert "入户走访 +5" in asked.body
    assert "健康体检 +3" in asked.body
    await h.press_stale(zhang, asked, yes)
    assert await total(h, "张三", "visit") == 5
    _, other = await question(h, zhang, "体捡2")
    await h.press(zhang, other, other.buttons()[1][1])  # ✖ No
    assert "已取消" in other.body
    assert await total(h, "张三", "checkup") == 3


async def test_yesterday_records_the_work_under_yesterday_and_says_so(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "昨天走访5户")
    assert "入户走访 +5" in ack.body
    assert "已记为 11月19日 的工作" in ack.body
    await h.say(zhang, "走访2")
    assert await work_dates(h) == [("visit", 5, "2026-11-19"), ("visit", 2, None)]
    assert await total(h, "张三", "visit") == 7


async def test_yesterday_in_english(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    [ack] = await h.say(zhang, "yesterday visited 5")
    assert "Recorded as work done on 19 Nov" in ack.body


async def test_work_before_the_campaign_started_is_refused(h: Harness) -> None:
    h.clock.set(datetime(2026, 11, 12, 9, 0, tzinfo=SH))  # the first morning of the campaign
    zhang = await h.join("张三", 1001)
    [reply] = await h.say(zhang, "昨天走访5户")
    assert "从 2026-11-12 开始" in reply.body
    assert "2026-11-11 的工作不计入本活动" in reply.body
    assert await total(h, "张三", "visit") == 0


async def test_the_questions_in_english(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    await h.say(zhang, "visited 4")
    _, asked = await question(h, zhang, "total visits 9")
    assert "total 9, recorded 4, difference +5 户" in asked.body
    assert asked.buttons()[0][0] == "✅ Record the difference"
    _, typo = await question(h, zhang, "vizit 2")
    assert "Did you mean “visit” for “vizit”?" in typo.body
    await h.press(zhang, typo, typo.buttons()[0][1])
    assert "+2" in typo.body
    assert await total(h, "张三", "visit") == 6


async def test_a_dated_report_in_the_bound_group_is_a_report(h: Harness) -> None:
    leader = await h.join("郭镇长", 1100)
    zhang = await h.join("张三", 1001)
    group = await h.bound_group(leader, -100200, "工作群")
    [ack] = await h.say(zhang, "昨天走访3户，又走访2户", chat=group)
    assert "入户走访 3+2=5" in ack.body
    assert "已记为 11月19日 的工作" in ack.body


async def test_a_running_total_overtaken_before_the_answer_records_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    _, asked = await question(h, zhang, "累计走访10户")
    await h.say(zhang, "走访10")  # the running total is reached by a report sent in between
    await h.press(zhang, asked, asked.buttons()[0][1])
    assert "没有超过已记录的数量" in asked.body
    assert not asked.buttons()
    assert await total(h, "张三", "visit") == 10
