"""/verify shows the true number pending in scope, each report with its date, unit and member, and
`/verify <unit>` narrows it to one unit by code or name (SPEC §3.1, issue 10)."""

from __future__ import annotations

from typing import Any

from bot.chat.callback_verify import VERIFY_PAGE
from bot.emulator import SentMessage
from tests.harness import Harness


def _press(listing: SentMessage, mark: str, nth: int = 0) -> str:
    return [data for text, data in listing.buttons() if text == mark][nth]


async def _reports(h: Harness, who: dict[str, Any], texts: list[str]) -> None:
    for text in texts:
        await h.say(who, text)


async def test_the_header_counts_every_pending_report_in_scope_not_the_page(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await _reports(h, zhang, [f"走访{n}" for n in range(1, 12)])  # 11 reports, a page holds 8
    [listing] = await h.say(town, "/verify")
    assert f"待审核上报 11 条，显示前 {VERIFY_PAGE} 条" in listing.body
    assert len([t for t, _ in listing.buttons() if t == "✅"]) == VERIFY_PAGE
    await h.press(town, listing, _press(listing, "✅"))
    assert f"待审核上报 10 条，显示前 {VERIFY_PAGE} 条" in listing.body


async def test_each_pending_report_names_its_date_unit_and_member(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    await h.say(zhang, "走访5")
    await h.say(wang, "体检2")
    [listing] = await h.say(town, "/verify")
    assert "待审核上报 2 条" in listing.body
    assert "显示前" not in listing.body  # all of them are shown
    lines = listing.body.splitlines()
    assert "1. 11-20 10:00 · 七岭村 · 张三 · 入户走访 +5" in lines
    assert "2. 11-20 10:00 · 双泉村 · 王五 · 健康体检 +2" in lines


async def test_verify_with_a_unit_code_or_name_lists_that_unit_only_and_keeps_it_after_a_decision(
    h: Harness,
) -> None:
    town = await h.join("郭镇长", 2001)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    await _reports(h, zhang, ["走访5", "走访6"])
    await h.say(wang, "体检2")
    [by_name] = await h.say(town, "/verify 七岭村")
    assert "七岭村：待审核上报 2 条" in by_name.body
    assert "王五" not in by_name.body
    [by_code] = await h.say(town, "/verify sq")
    assert "双泉村：待审核上报 1 条" in by_code.body
    assert "张三" not in by_code.body
    await h.press(town, by_name, _press(by_name, "✅"))
    assert "七岭村：待审核上报 1 条" in by_name.body  # still the one unit
    assert "王五" not in by_name.body


async def test_verify_with_a_unit_outside_scope_or_unknown_is_refused(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [outside] = await h.say(village, "/verify sq")
    assert "不在您负责的范围内" in outside.body
    [unknown] = await h.say(village, "/verify 无此村")
    assert "无此村" in unknown.body
