"""Hostile leaders and careless cadres in groups and private chats (SPEC §1, §3.1, §9; issue 8 A, B),
beyond the authority matrix: commands whose answers name members, and a cadre who types /undo to take
back a report the bot is still asking about. Real PTB over HTTP, the emulator and a real SQLite file."""

from __future__ import annotations

from tests.harness import Harness, total

VILLAGE_GROUP = -100890


async def test_split_in_a_group_never_names_members_there(h: Harness) -> None:
    """SPEC §1: answers that show member names are never posted into a group. 李书记 leads 七岭村,
    whose children are its members: what /split gave each of them is their name and their quota."""
    village = await h.join("李书记", 2002)
    group = await h.bound_group(village, VILLAGE_GROUP, "七岭村群")
    before = len(h.emu.sent(VILLAGE_GROUP))
    h.emu.send_command(village, "/split checkup even", group)
    await h.emu.settle()
    posted = " ".join(m.body for m in h.emu.sent(VILLAGE_GROUP)[before:])
    assert posted, "the group is told something"
    assert "李四" not in posted, posted
    assert "张三" not in posted, posted


async def test_undo_while_the_bot_asks_about_a_large_report_takes_back_that_report(h: Harness) -> None:
    """张三 reports 走访3 (acknowledged), then mistypes 走访60; the bot asks "are you sure?". He types
    /undo to take the 60 back. The 3 he did is kept, and the old question's ✅ records nothing."""
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访3")
    [ask] = await h.say(zhang, "走访60")
    assert ask.buttons(), ask.body
    [undone] = await h.say(zhang, "/undo")
    assert "待确认" in undone.body, undone.body
    assert "60" in undone.body, undone.body
    h.emu.press_button(zhang, ask, ask.buttons()[0][1])  # ✅, after the /undo
    await h.emu.settle(quiet=0.1)
    assert await total(h, "张三", "visit") == 3


async def test_undo_after_a_later_report_reverts_that_report_not_an_older_open_question(h: Harness) -> None:
    """A question left unanswered is older than the report sent after it: /undo takes back the report."""
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访60")  # asked, never answered
    h.clock.advance(minutes=5)
    await h.say(zhang, "走访3")
    [undone] = await h.say(zhang, "/undo")
    assert "已撤回" in undone.body, undone.body
    assert "+3" in undone.body, undone.body
    assert await total(h, "张三", "visit") == 0
