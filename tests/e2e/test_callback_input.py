"""Callback data and command arguments are input (issue 8 B, C): a forged or malformed payload is refused
politely and changes nothing; values from buttons and commands pass the same checks as typed reports."""

from __future__ import annotations

from bot.emulator import SentMessage
from tests.harness import Harness, total
from tests.reading import alerts

OUTDATED = "按钮已失效或无法识别"


async def rows(h: Harness) -> int:
    async with h.services.db.reader.execute("SELECT COUNT(*) FROM reports") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def forge(h: Harness, user: dict[str, object], message: SentMessage, data: str) -> None:
    """A payload no button of the message carries: the gate on offered buttons refuses it."""
    h.emu.press_button(user, message, data)
    await h.emu.settle(quiet=0.1)


async def test_a_forged_report_button_with_an_overflowing_count_changes_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访3")
    [menu] = await h.say(zhang, "/report")
    await h.press_stale(zhang, menu, f"rp:{zhang['id']}:c:visit:9223372036854775807")  # the codec's bounds
    await h.press_stale(zhang, menu, f"rp:{zhang['id']}:C:visit:9223372036854775807")
    assert await rows(h) == 1
    [me] = await h.say(zhang, "/me")  # every total still adds up
    assert "入户走访：3/" in me.body
    assert "内部出错" not in " ".join(s.body for s in h.emu.sent(zhang["id"]))


async def test_a_button_count_beyond_the_absurd_limit_is_refused_like_typed_text(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [menu] = await h.say(zhang, "/report")
    await h.press_stale(zhang, menu, f"rp:{zhang['id']}:C:visit:20000")  # the service's own bound
    assert any("太大" in a for a in alerts(h)) or "太大" in menu.body
    assert await total(h, "张三", "visit") == 0


async def test_a_forged_confirm_above_max_per_report_asks_first(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [menu] = await h.say(zhang, "/report")
    await h.press_stale(zhang, menu, f"rp:{zhang['id']}:c:register:100")  # 信息登记: max_per_report 80
    assert "超过单次上限" in menu.body
    assert await total(h, "张三", "register") == 0
    await h.press(zhang, menu, menu.buttons()[0][1])  # the real "are you sure?" ✅
    assert await total(h, "张三", "register") == 100


async def test_malformed_callback_data_is_answered_as_an_outdated_button_and_changes_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    village = await h.join("李书记", 2002)
    await h.say(zhang, "走访3")
    [menu] = await h.say(zhang, "/report")
    forged = [
        "rp:abc",
        f"rp:{zhang['id']}",
        f"rp:{zhang['id']}:c:visit:",
        f"rp:{zhang['id']}:c:visit:-5",
        f"rp:{zhang['id']}:c:visit:٥",
        f"rp:{zhang['id']}:q:visit:5",
        f"rp:{zhang['id']}:c:no such task!:5",
        "rc:y:abc",
        "rc:y:1:2:3",
        "rc:maybe:1:0",
        "cmp:abc",
        "cmp:99999999999999999999999999",
    ]
    for data in forged:
        before = len(alerts(h))
        await forge(h, zhang, menu, data)
        assert any(OUTDATED in a for a in alerts(h)[before:]), data
    [listing] = await h.say(village, "/verify")
    for data in ("vf:a:!!", "vf:a:", "vf:A:" + ",".join(["zzzzzzzzzzzzz"] * 3), "vf:x:1", "pl:z", "pl:yes"):
        before = len(alerts(h))
        await forge(h, village, listing, data)
        assert any(OUTDATED in a for a in alerts(h)[before:]), data
    assert await rows(h) == 1
    async with h.services.db.reader.execute("SELECT status FROM reports") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["reported"]
    everything = " ".join(s.body for s in h.emu.sent())
    assert "内部出错" not in everything


async def quota(h: Harness, code: str, task: str) -> int | None:
    async with h.services.db.reader.execute(
        "SELECT quota FROM quotas WHERE assignee_key = ? AND task = ?", (code, task)
    ) as cur:
        row = await cur.fetchone()
    return None if row is None else int(row[0])


async def test_assign_reads_counts_with_the_report_parsers_number_reader(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    before = await quota(h, "sq", "visit")
    for text, says in (("٥", "无法识别数字“٥”"), ("５.５", "不是整数"), ("-5", "不能是负数")):
        [refused] = await h.say(town, f"/assign sq visit {text}")
        assert says in refused.body, (text, refused.body)
    assert await quota(h, "sq", "visit") == before
    [ok] = await h.say(town, "/assign sq visit 三十")  # Chinese numerals, as in a report
    assert "30" in ok.body
    assert await quota(h, "sq", "visit") == 30
