"""Anomaly flags in /verify (issue 11 §4): a flagged pending report shows ⚠ and its reasons, in the
leader's language; `/verify flagged` (or 异常) lists only the flagged ones, with or without a unit, and
keeps to them after a decision; the header says how many are flagged. Never in a group."""

from __future__ import annotations

from datetime import datetime

from tests.harness import SH, Harness


async def _night_report(h: Harness, who: dict[str, object], text: str) -> None:
    h.clock.set(datetime(2026, 11, 21, 23, 40, tzinfo=SH))
    await h.say(who, text)
    h.clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=SH))


async def test_a_night_report_shows_a_warning_and_the_time_under_it(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    await _night_report(h, zhang, "走访5")
    await h.say(wang, "体检2")
    [listing] = await h.say(town, "/verify")
    lines = listing.body.splitlines()
    assert "其中 1 条有异常提示（/verify flagged 只看这些）。" in lines
    night = lines.index("1. 11-21 23:40 · 七岭村 · 张三 · 入户走访 +5")
    assert lines[night + 1].strip() == "⚠ 深夜上报 23:40"
    assert not any("⚠" in line for line in lines[night + 2 :])  # 王五's day report has none


async def test_verify_flagged_lists_only_flagged_reports_and_keeps_to_them_after_a_decision(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    await _night_report(h, zhang, "走访5")
    await _night_report(h, wang, "体检2")
    await h.say(zhang, "走访3")  # by day: not flagged
    [listing] = await h.say(town, "/verify flagged")
    assert "有异常提示的待审核上报 2 条" in listing.body
    assert "+3" not in listing.body
    [approve, *_] = [data for text, data in listing.buttons() if text == "✅"]
    await h.press(town, listing, approve)
    assert "有异常提示的待审核上报 1 条" in listing.body
    assert "+3" not in listing.body  # still the flagged ones only


async def test_verify_flagged_combines_with_a_unit_name_in_either_order(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    await _night_report(h, zhang, "走访5")
    await _night_report(h, wang, "体检2")
    for command in ("/verify 异常 七岭村", "/verify 七岭村 flagged"):
        [listing] = await h.say(town, command)
        assert "七岭村：有异常提示的待审核上报 1 条" in listing.body, command
        assert "王五" not in listing.body


async def test_without_flagged_reports_verify_flagged_says_so(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访5")
    [listing] = await h.say(town, "/verify flagged")
    assert listing.body == "没有带异常提示的待审核上报。"


async def test_an_english_leader_reads_the_reason_in_english(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    await h.say(town, "/lang en")
    zhang = await h.join("张三", 1001)
    await _night_report(h, zhang, "走访5")
    [listing] = await h.say(town, "/verify flagged")
    assert "⚠ sent late at night, 23:40" in listing.body


async def test_verify_in_a_group_sends_the_flags_privately(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    group = await h.bound_group(town, -5001, "七岭村群")
    await _night_report(h, zhang, "走访5")
    [in_group] = await h.say(town, "/verify flagged", chat=group)
    assert "⚠" not in in_group.body
    assert "深夜" not in in_group.body
    await h.emu.settle()
    assert any("⚠ 深夜上报 23:40" in m.body for m in h.emu.sent(town["id"]))
