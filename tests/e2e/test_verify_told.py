"""Cadres are told when their reports are approved or rejected (issue 10): one message per cadre per
decision round (a ✅, a ✖, or "approve all shown"), listing that cadre's decided reports — never one
message per report — sent exactly once through the notification outbox, keyed by the decision's update."""

from __future__ import annotations

from typing import Any

from bot.emulator import SentMessage
from bot.storage.outbox import Notification, OutboxRepo
from tests.harness import Harness


def _told(h: Harness, user: dict[str, Any]) -> list[str]:
    return [s.body for s in h.emu.sent(user["id"]) if "审核" in s.body or "review" in s.body]


def _button(listing: SentMessage, label: str) -> str:
    return next(data for text, data in listing.buttons() if text == label)


async def _decisions(h: Harness) -> list[Notification]:
    rows = await OutboxRepo(h.services.db.reader).by_key_prefix(f"{await h.campaign_id()}:decision:")
    return [r for r in rows if r.kind == "decision"]


async def test_approve_all_tells_each_cadre_once_with_all_their_approved_reports(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    for text in ("走访5", "体检2", "登记3"):
        await h.say(zhang, text)
    await h.say(wang, "走访4")
    [listing] = await h.say(town, "/verify")
    await h.press(town, listing, _button(listing, "全部通过（仅以上显示的）"))
    await h.emu.wait_for_sent(wang["id"], lambda s: "审核通过" in s.body)
    await h.emu.settle()
    [to_zhang] = _told(h, zhang)  # one message for three reports
    assert "审核通过" in to_zhang
    assert all(item in to_zhang for item in ("入户走访 +5", "健康体检 +2", "信息登记 +3"))
    [to_wang] = _told(h, wang)
    assert "入户走访 +4" in to_wang
    assert "张三" not in to_wang
    decisions = await _decisions(h)
    assert len(decisions) == 2  # one per cadre, not one per report
    assert {r.state for r in decisions} == {"sent"}


async def test_a_rejection_says_so_and_a_second_press_tells_nobody_again(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访5")
    [listing] = await h.say(town, "/verify")
    reject = _button(listing, "✖")
    await h.press(town, listing, reject)
    await h.emu.wait_for_sent(zhang["id"], lambda s: "驳回" in s.body)
    await h.press_stale(town, listing, reject)  # the same decision again: a double tap, an old keyboard
    await h.emu.settle()
    [told] = _told(h, zhang)
    assert "驳回" in told
    assert "入户走访 +5" in told
    assert len(await _decisions(h)) == 1


async def test_a_cadre_is_told_in_their_own_language(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    await h.say(zhang, "visit 5")
    [listing] = await h.say(town, "/verify")
    await h.press(town, listing, _button(listing, "✅"))
    [told] = await h.emu.wait_for_sent(zhang["id"], lambda s: "approved" in s.body)
    assert "home visits" in told.body or "入户走访 +5" in told.body
