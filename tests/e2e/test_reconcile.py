"""核查 in chat (issue 11 §4): /reconcile, then a CSV or XLSX; every problem at once and nothing stored,
or the discrepancies beyond tolerance; the leader of each unit concerned told privately, exactly once."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from tests.harness import Harness, start_app, stop_app

HEADER = "单位或人员,任务,核查数,来源,截至日期\n"


async def stored(h: Harness) -> list[tuple[Any, ...]]:
    async with h.services.db.reader.execute("SELECT source, as_of FROM reconciliations ORDER BY id") as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def upload(h: Harness, user: dict[str, Any], name: str, data: bytes, expect: int = 1) -> list[Any]:
    before = len(h.emu.sent(user["id"]))
    h.emu.send_document(user, name, data)
    return await h.emu.wait_for_sent(user["id"], count=expect, after=before)


async def test_a_file_with_problems_lists_every_one_and_stores_nothing(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [ask] = await h.say(town, "/reconcile")
    assert "核查文件" in ask.body
    csv = (
        HEADER
        + "元木村,走访,3,县卫健局抽查,2026-11-19\n"  # another town's village
        + "七星村,走访,3,县卫健局抽查,2026-11-19\n"  # no such unit
        + "张三,走访,三,县卫健局抽查,2026-11-19\n"  # not a number
        + "李四,扫地,3,县卫健局抽查,2026-11-19\n"  # no such task
        + "<b>王五</b>,体检,1,县卫健局抽查,2026-11-25\n"  # a name is data; a date after today
    )
    [reply] = await upload(h, town, "check.csv", csv.encode())
    assert "6 处问题" in reply.body
    expected = [
        "A2: 您可核查的范围内没有单位或人员“元木村”",  # outside reads exactly as unknown
        "A3: 您可核查的范围内没有单位或人员“七星村”",
        "C4: 核查数“三”",
        "A5: 没有任务“扫地”",
        "A6: 您可核查的范围内没有单位或人员“&lt;b&gt;王五&lt;/b&gt;”",
        "A6: 截至日期 2026-11-25 晚于今天",
    ]
    places = [reply.body.index(text) for text in expected]
    assert places == sorted(places)  # in the file's order
    await h.emu.settle()
    assert await stored(h) == []
    # The intent stays open: the corrected file goes straight in.
    [done] = await upload(h, town, "check.csv", (HEADER + "张三,走访,0,县卫健局抽查,2026-11-19\n").encode())
    assert "全部一致" in done.body
    assert await stored(h) == [("县卫健局抽查", "2026-11-19")]


async def test_a_binary_file_named_csv_gets_one_clear_problem_and_stores_nothing(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    await h.say(town, "/reconcile")
    data = (HEADER + "张三,走访,0,县卫健局抽查,2026-11-19\n").encode() + b"\x00\x00\x00\rIHDR\x00\x01"
    [reply] = await upload(h, town, "check.csv", data)
    assert "1 处问题" in reply.body
    assert "文件不是文本表格" in reply.body
    await h.emu.settle()
    assert await stored(h) == []


async def test_discrepancies_are_listed_worst_first_and_the_village_leader_is_told_once(h: Harness) -> None:
    town, village = await h.join("郭镇长", 2001), await h.join("李书记", 2002)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    await h.say(zhang, "走访8")
    await h.say(wang, "走访2")
    h.clock.advance(days=1)
    await h.say(town, "/reconcile")
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "核查"
    ws.append(["单位或人员", "任务", "核查数", "来源", "截至日期"])
    ws.append(["七岭村", "入户走访", 5, "县卫健局抽查", "2026-11-20"])  # reported 8: +3
    ws.append(["双泉村", "走访", 2, None, None])  # reported 2: equal; source and date from the row above
    ws.append(["白洋渡镇", "visit", 20, None, None])  # reported 10: −10
    data = io.BytesIO()
    book.save(data)
    before = len(h.emu.sent(village["id"]))
    [reply] = await upload(h, town, "check.xlsx", data.getvalue())
    assert "共 3 项，2 项超出容差" in reply.body
    assert reply.body.index("白洋渡镇") < reply.body.index("七岭村")  # −10 before +3
    assert "差额 -10" in reply.body
    assert "差额 +3" in reply.body
    [notice] = await h.emu.wait_for_sent(village["id"], after=before)
    assert "郭镇长" in notice.body
    assert "七岭村" in notice.body
    assert "白洋渡镇" not in notice.body  # the town's row is the town leader's, who sent the file
    # Delivered again after a restart (the reply was lost, say): the same answer, nothing stored or told twice.
    update_id, answered = max(h.emu.world.delivered), len(h.emu.sent(town["id"]))
    await stop_app(h.app)
    h.emu.redeliver(update_id)
    h.app = await start_app(h.emu, h.settings, h.clock)
    [again] = await h.emu.wait_for_sent(town["id"], after=answered)
    assert "2 项超出容差" in again.body
    await h.emu.settle()
    assert len(h.emu.sent(village["id"])) == before + 1
    assert await stored(h) == [("县卫健局抽查", "2026-11-20")]


async def test_reconcile_survives_a_restart_between_the_command_and_the_file(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    await h.say(town, "/reconcile")
    await stop_app(h.app)
    h.app = await start_app(h.emu, h.settings, h.clock)
    [reply] = await upload(h, town, "check.csv", (HEADER + "七岭村,走访,0,公卫系统,2026-11-20\n").encode())
    assert "全部一致" in reply.body
    assert await stored(h) == [("公卫系统", "2026-11-20")]


async def test_a_file_without_reconcile_still_goes_to_the_plan_upload(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [reply] = await upload(h, town, "check.csv", (HEADER + "七岭村,走访,0,公卫系统,2026-11-20\n").encode())
    assert "/plan" in reply.body
    await h.say(town, "/reconcile")
    await h.say(town, "/plan")  # changed his mind: the next file is a plan
    [reply] = await upload(h, town, "check.csv", (HEADER + "七岭村,走访,0,公卫系统,2026-11-20\n").encode())
    assert "计划文件" in reply.body
    assert await stored(h) == []


async def test_in_a_group_reconcile_is_answered_privately_and_the_template_offers_the_reconcile_file(
    h: Harness,
) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -500, "白洋渡镇工作群")
    [sent] = await h.say(town, "/reconcile", chat=group)
    assert "私信" in sent.body
    [ask] = await h.emu.wait_for_sent(town["id"], lambda s: "核查文件" in s.body)
    assert ask.chat_id == town["id"]
    before = len(h.emu.sent(town["id"]))
    h.emu.send_command(town, "/template")
    [plan_template] = await h.emu.wait_for_sent(town["id"], lambda s: s.document is not None, after=before)
    [(label, data)] = plan_template.buttons()
    assert label == "核查模板"
    await h.press(town, plan_template, data)
    found = await h.emu.wait_for_sent(town["id"], lambda s: s.document is not None, count=2, after=before)
    workbook = openpyxl.load_workbook(io.BytesIO(found[1].document or b""))
    sheet = workbook.active
    assert sheet is not None
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][:2] == ["assignee 单位或人员", "task 任务"]


async def test_progress_shows_the_checked_counts_beside_reported_and_verified_to_leaders(h: Harness) -> None:
    town, zhang = await h.join("郭镇长", 2001), await h.join("张三", 1001)
    await h.say(zhang, "走访8")
    [before] = await h.say(town, "/progress")
    assert "核查" not in before.body  # nothing checked yet: /progress as it was
    h.clock.advance(days=1)
    await h.say(town, "/reconcile")
    await upload(h, town, "check.csv", (HEADER + "七岭村,走访,5,县卫健局抽查,2026-11-20\n").encode())
    replies = await h.say(town, "/progress", expect=2)
    assert "核查" not in replies[0].body
    assert "七岭村 · 入户走访：上报 8，核实 0，核查 5（县卫健局抽查，截至 11月20日），差额 +3" in replies[1].body


async def test_a_file_after_the_half_hour_is_told_to_send_reconcile_again_and_stores_nothing(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    await h.say(town, "/reconcile")
    h.clock.advance(minutes=31)
    csv = (HEADER + "张三,走访,0,县卫健局抽查,2026-11-19\n").encode()
    [late] = await upload(h, town, "check.csv", csv)
    assert "/reconcile" in late.body  # not "send /plan first": they never meant a plan
    assert "30 分钟" in late.body
    await h.emu.settle()
    assert await stored(h) == []
    # Told once: a file long after is an ordinary stray file again.
    [stray] = await upload(h, town, "check.csv", csv)
    assert stray.body == "如要导入计划，请先发送 /plan，再发送文件。"


async def test_a_file_sent_in_a_group_after_reconcile_is_answered_to_send_it_privately(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -500, "白洋渡镇工作群")
    await h.say(town, "/reconcile")
    before = len(h.emu.sent(group["id"]))
    h.emu.send_document(town, "check.csv", (HEADER + "七岭村,走访,0,公卫系统,2026-11-20\n").encode(), chat=group)
    [told] = await h.emu.wait_for_sent(group["id"], after=before)
    assert "请在与机器人的私聊中发送核查文件" in told.body
    assert "核查数" not in told.body  # no figures in a group
    assert "上报" not in told.body
    assert await stored(h) == []
    [reply] = await upload(h, town, "check.csv", (HEADER + "七岭村,走访,0,公卫系统,2026-11-20\n").encode())
    assert "全部一致" in reply.body  # the /reconcile is still open for the private chat


async def test_a_file_in_a_group_without_reconcile_stays_unanswered(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -500, "白洋渡镇工作群")
    before = len(h.emu.sent(group["id"]))
    h.emu.send_document(town, "photos.csv", b"a,b\n", chat=group)  # files are shared in groups all day
    await h.emu.settle()
    assert h.emu.sent(group["id"])[before:] == []
