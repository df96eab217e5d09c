"""A counted report edited into something that is no report ("走访50" → "发错了"), through PTB and the
emulator. The edit changes no count (the new text records nothing), so the reply must not merely say
how to report: the member must learn that the earlier count still stands and how to take it back."""

from __future__ import annotations

from tests.harness import Harness, total


async def test_a_report_edited_into_chatter_is_told_its_count_still_stands_and_how_to_undo_it(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, "走访50")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+50" in s.body)
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "发错了")
    [reply] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "入户走访 50" in reply.body
    assert "仍然有效" in reply.body
    assert "/undo" in reply.body
    assert await total(h, "张三", "visit") == 50  # the edit itself takes nothing back
    [undone] = await h.say(zhang, "/undo")
    assert "已撤回：入户走访 +50" in undone.body
    assert await total(h, "张三", "visit") == 0


async def test_an_earlier_report_edited_into_chatter_is_not_offered_an_undo_that_would_take_another(
    h: Harness,
) -> None:
    """/undo takes back the latest report: for an older message it would take the wrong one back, so the
    reply says to edit the message to the right number instead."""
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, "走访50")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+50" in s.body)
    await h.say(zhang, "体检3")
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "发错了")
    [reply] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "入户走访 50" in reply.body
    assert "仍然有效" in reply.body
    assert "/undo" not in reply.body
    assert "改成正确的数量" in reply.body


async def test_in_english_the_count_still_stands(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    message = h.emu.send_text(zhang, "visit 5")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+5" in s.body)
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "oops wrong")
    [reply] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "still stands" in reply.body
    assert "/undo" in reply.body


async def test_a_chatter_edit_of_a_message_that_counted_nothing_still_says_how_to_report(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, "你好")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "走访" in s.body)
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "你好啊")
    [reply] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "仍然有效" not in reply.body


async def test_in_a_bound_group_too_the_member_hears_the_count_still_stands(h: Harness) -> None:
    """In a group the bot stays silent on chatter, but an edit that leaves a counted report in place is
    no chatter: the member is answered there, as their report was."""
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -100777, "镇群")
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, "走访6", chat=group)
    await h.emu.wait_for_sent(group["id"], lambda s: "+6" in s.body)
    before = len(h.emu.sent(group["id"]))
    h.emu.edit_text(zhang, message, "发错了")
    [reply] = await h.emu.wait_for_sent(group["id"], after=before)
    assert "入户走访 6" in reply.body
    assert "仍然有效" in reply.body
    assert await total(h, "张三", "visit") == 6
