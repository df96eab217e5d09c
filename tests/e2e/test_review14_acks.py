"""Review of `recorded_ack` (bot/handlers/report_text.py), one acknowledgement for every path that records a
report: the /report keyboard and an answered question say, to the character, what they said before the
paths shared it (texts recorded from commit ed7ba12), though the shared one now also passes the parts a
message summed and the day of the work."""

from __future__ import annotations

from typing import Any

from tests.harness import Harness

BEHIND = "距 12月5日 60%节点还需 {left} 户（剩 11 个工作日，每个工作日约 1 户）。"
RANKED = "按已上报数排名和考核"


async def _answer_yes(h: Harness, user: dict[str, Any], text: str) -> str:
    before = len(h.emu.sent(user["id"]))
    h.emu.send_text(user, text)
    [asked] = await h.emu.wait_for_sent(user["id"], after=before)
    assert "是不是“visit”" in asked.body
    await h.press(user, asked, asked.buttons()[0][1])
    return asked.body


async def test_the_report_keyboards_acknowledgement_reads_as_before(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访4")
    [menu] = await h.say(zhang, "/report")
    for step in ("t:visit", "n:visit:5", "c:visit:5"):
        await h.press(zhang, menu, f"rp:{zhang['id']}:{step}")
    line = "入户走访 +5 → 9/20 户（45.0%） · 已核实 0 / 已上报 9"
    assert menu.body == "\n".join(["已记录：", line, BEHIND.format(left=3), RANKED])


async def test_an_answered_questions_acknowledgement_reads_as_before(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    summed = await _answer_yes(h, zhang, "走访3户，又vizit2户")
    line = "入户走访 +5 → 5/20 户（25.0%） · 已核实 0 / 已上报 5"
    assert summed == "\n".join(["已记录：", line, BEHIND.format(left=7), RANKED])
    dated = await _answer_yes(h, zhang, "昨天vizit 3")
    line = "入户走访 +3 → 8/20 户（40.0%） · 已核实 0 / 已上报 8"
    assert dated == "\n".join(["已记录：", line, BEHIND.format(left=4), "已记为 11月19日 的工作。", RANKED])
