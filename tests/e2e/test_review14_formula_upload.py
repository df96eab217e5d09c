"""Review of the formula refusal where a leader meets it: a template edited by a script (openpyxl computes
nothing) and uploaded with /plan, or a 核查 workbook uploaded with /reconcile, is answered — through the
checker's child process — with the sheet, the first cell and what to do, in Chinese and English, and
nothing is imported or stored."""

from __future__ import annotations

import html
import io

from openpyxl import Workbook

from tests.harness import Harness, plan_tables, template_workbook, upload_workbook


async def test_a_plan_with_a_quota_formula_never_computed_is_answered_with_its_cell(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    before = await plan_tables(h)
    book = await template_workbook(h, county)
    book["quotas"]["B2"] = "=10+10"
    preview = await upload_workbook(h, county, book)
    assert "工作表“quotas”有 1 个公式单元格（第一个是 B2）没有计算结果" in preview.body
    assert "请用 Excel 或 WPS 打开并保存一次后再发送" in preview.body
    assert not preview.buttons()
    assert await plan_tables(h) == before
    await h.say(county, "/lang en")
    preview = await upload_workbook(h, county, book)
    told = 'The sheet "quotas" has formulas saved without their computed values: 1 cell(s), the first at B2'
    assert told in html.unescape(preview.body)


async def test_a_check_file_with_a_count_formula_never_computed_is_answered_with_its_cell(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "核查"
    sheet.append(["单位或人员", "任务", "核查数", "来源", "截至日期"])
    sheet.append(["七岭村", "走访", "=8+9", "县卫健局抽查", "2026-11-20"])
    sheet.append(["双泉村", "走访", "=1+1", "县卫健局抽查", "2026-11-20"])
    data = io.BytesIO()
    book.save(data)
    await h.say(town, "/reconcile")
    before = len(h.emu.sent(town["id"]))
    h.emu.send_document(town, "check.xlsx", data.getvalue())
    [reply] = await h.emu.wait_for_sent(town["id"], after=before)
    assert "工作表“核查”有 2 个公式单元格（第一个是 C2）没有计算结果" in reply.body
    rows = await h.services.db.reader.execute_fetchall("SELECT COUNT(*) FROM reconciliations")
    assert [tuple(r) for r in rows] == [(0,)]
