"""Hostile writes (issue 8 B, SPEC §9), tried as a careless cadre and as an attacker would: forged
button payloads aimed at someone else's keyboard, edits that arrive close together, and a leader
reviewing his own numbers. Real PTB over HTTP, the emulator and a real SQLite file."""

from __future__ import annotations

from typing import Any

from bot.chat.callback_verify import b36
from tests.harness import Harness, total

TOWN_GROUP = -100880


async def test_a_forged_press_on_another_members_keyboard_never_swallows_their_report(h: Harness) -> None:
    """In a group 李四 forges a press carrying *his own* id onto 张三's /report keyboard. The owner check
    passes (he is the owner the payload names), so the report lands under the keyboard message's key; when
    张三 then confirms, his own report must be recorded, or at least refused — never answered as
    "already recorded" while nothing was counted for him (an acknowledged report lost)."""
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, TOWN_GROUP, "镇群")
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    [menu] = await h.say(zhang, "/report", chat=group)
    h.emu.press_button(li, menu, f"rp:{li['id']}:c:visit:1")  # a payload no button of his carried
    await h.emu.settle(quiet=0.1)
    await h.press(zhang, menu, f"rp:{zhang['id']}:t:visit")
    await h.press(zhang, menu, f"rp:{zhang['id']}:n:visit:5")
    h.emu.press_button(zhang, menu, f"rp:{zhang['id']}:c:visit:5")
    await h.emu.settle(quiet=0.1)
    said_recorded = "已记录" in menu.body or "记录过" in menu.body
    assert not said_recorded or await total(h, "张三", "visit") == 5, menu.body
    if not said_recorded:  # refused: he is told, in an alert, and may open a new keyboard
        alerts = [str(c.params.get("text")) for c in h.emu.calls if c.method == "answerCallbackQuery"]
        assert "只有本人可以操作" in alerts[-1]


async def test_a_payload_that_no_button_of_the_message_carries_records_nothing_and_blocks_nobody(h: Harness) -> None:
    """Callback data is input: a press counts only when its data is one of the buttons of the message it
    came from. 李四's forged ✅ (with his own id, so the owner check passes) records nothing, and 张三 can
    still report through his keyboard afterwards."""
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, TOWN_GROUP, "镇群")
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    [menu] = await h.say(zhang, "/report", chat=group)
    h.emu.press_button(li, menu, f"rp:{li['id']}:c:visit:1")
    await h.emu.settle(quiet=0.1)
    assert await total(h, "李四", "visit") == 0
    alerts = [str(c.params.get("text")) for c in h.emu.calls if c.method == "answerCallbackQuery"]
    assert "已失效" in alerts[-1]
    await h.press(zhang, menu, f"rp:{zhang['id']}:t:visit")
    await h.press(zhang, menu, f"rp:{zhang['id']}:n:visit:5")
    await h.press(zhang, menu, f"rp:{zhang['id']}:c:visit:5")
    assert "已记录" in menu.body
    assert await total(h, "张三", "visit") == 5


async def _edit_at(h: Harness, message: dict[str, Any], text: str, when: int) -> None:
    """An edit as Telegram delivers it: `edit_date` is whole seconds, so two edits within one second
    carry the same one (the emulator's own edit_text always moves it on by a second)."""
    edited = {**message, "text": text, "edit_date": when}
    h.emu.world.messages[(message["chat"]["id"], message["message_id"])] = edited
    h.emu.world.push("edited_message", edited)


async def test_two_quick_edits_within_one_second_count_the_last_text(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, "走访5")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+5" in s.body)
    second = h.emu.world.now() + 1
    before = len(h.emu.sent(zhang["id"]))
    await _edit_at(h, message, "走访6", second)  # a typo fixed …
    await h.emu.wait_for_sent(zhang["id"], after=before)
    before = len(h.emu.sent(zhang["id"]))
    await _edit_at(h, message, "走访7", second)  # … and fixed again, within the same second
    await h.emu.wait_for_sent(zhang["id"], after=before)
    assert await total(h, "张三", "visit") == 7  # what the message says now


async def test_a_leader_cannot_approve_his_own_report(h: Harness) -> None:
    """The verification that makes numbers hold up under inspection (核查) is never done by the reporter:
    郭镇长's own report is neither listed to him nor approved by a forged button; the county leader
    above him reviews it."""
    town, county = await h.join("郭镇长", 2001), await h.join("陈主任", 3001)
    await h.say(town, "走访9")
    [listing] = await h.say(town, "/verify")
    for data in [data for _, data in listing.buttons() if data.startswith("vf:")] + ["vf:a:1", "vf:A:1"]:
        h.emu.press_button(town, listing, data)  # the buttons shown, if any, and forged ones
        await h.emu.settle(quiet=0.1)
    async with h.services.db.reader.execute("SELECT status FROM reports") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["reported"]
    [above] = await h.say(county, "/verify")
    await h.press(county, above, next(data for _, data in above.buttons() if data.startswith("vf:a:")))
    async with h.services.db.reader.execute("SELECT status FROM reports") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["verified"]


async def test_a_forged_verify_button_on_a_correction_brings_no_count_back(h: Harness) -> None:
    """王五 reports 走访50, then edits it to 走访5: the ledger holds +50, its correction −50, and +5. His
    town leader forges "reject" on the correction row (the list never shows it). The count stays 5."""
    town, wang = await h.join("郭镇长", 2001), await h.join("王五", 1003)
    message = h.emu.send_text(wang, "走访50")
    await h.emu.wait_for_sent(wang["id"], lambda s: "+50" in s.body)
    before = len(h.emu.sent(wang["id"]))
    h.emu.edit_text(wang, message, "走访5")
    await h.emu.wait_for_sent(wang["id"], after=before)
    async with h.services.db.reader.execute("SELECT id FROM reports WHERE source = 'correction'") as cur:
        [(correction,)] = await cur.fetchall()
    [listing] = await h.say(town, "/verify")
    h.emu.press_button(town, listing, f"vf:r:{b36(correction)}")
    await h.emu.settle(quiet=0.1)
    assert await total(h, "王五", "visit") == 5


async def test_a_double_pressed_approve_is_answered_as_done_once_and_nothing_more(h: Harness) -> None:
    town, wang = await h.join("郭镇长", 2001), await h.join("王五", 1003)
    await h.say(wang, "走访3")
    [listing] = await h.say(town, "/verify")
    approve = next(data for _, data in listing.buttons() if data.startswith("vf:a:"))
    h.emu.press_button(town, listing, approve)
    h.emu.press_button(town, listing, approve)  # a double tap, before the first edit reached the phone
    await h.emu.settle()
    alerts = [str(c.params.get("text")) for c in h.emu.calls if c.method == "answerCallbackQuery"]
    assert alerts[-2:] == ["已通过 1 条", "已通过 0 条"], alerts
    async with h.services.db.reader.execute("SELECT status FROM reports") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["verified"]


async def test_a_forwarded_report_counts_for_nobody(h: Harness) -> None:
    """A forwarded message was written by someone else: 李四 forwarding 张三's 走访5 is not his work."""
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    before = len(h.emu.sent(li["id"]))
    h.emu.forward_text(li, "走访5", zhang)
    [reply] = await h.emu.wait_for_sent(li["id"], after=before)
    assert "转发" in reply.body, reply.body
    assert await total(h, "李四", "visit") == 0
    assert await total(h, "张三", "visit") == 0
