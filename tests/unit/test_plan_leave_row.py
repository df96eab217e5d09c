"""The plan key `leave: {resplit_after_days: N}` as a row of the XLSX campaign sheet (请假重分天数), in the
template and read back from an edited workbook (issue 11 §2)."""

from __future__ import annotations

import dataclasses
import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.plans import load_plan
from bot.render.plan_workbook import plan_to_xlsx, write_template
from tests.unit.plan_books import example, row_where, saved


def test_the_template_has_the_leave_resplit_row_with_the_default() -> None:
    ws = load_workbook(io.BytesIO(write_template()))["campaign"]
    assert isinstance(ws, Worksheet)
    row = row_where(ws, 1, "leave_resplit_after_days 请假重分天数")
    assert ws.cell(row, 2).value == 3


def test_an_edited_row_sets_the_campaigns_resplit_after_days() -> None:
    wb = load_workbook(io.BytesIO(plan_to_xlsx(example())))
    ws = wb["campaign"]
    assert isinstance(ws, Worksheet)
    ws.cell(row_where(ws, 1, "leave_resplit_after_days 请假重分天数"), 2).value = 5
    assert load_plan(saved(wb), "edited.xlsx").campaign.leave_resplit_after == 5


def test_the_row_is_read_by_its_chinese_name_alone_and_round_trips() -> None:
    wb = load_workbook(io.BytesIO(plan_to_xlsx(example())))
    ws = wb["campaign"]
    assert isinstance(ws, Worksheet)
    ws.cell(row_where(ws, 1, "leave_resplit_after_days 请假重分天数"), 1).value = "请假重分天数"
    ws.cell(row_where(ws, 1, "请假重分天数"), 2).value = 7
    assert load_plan(saved(wb), "edited.xlsx").campaign.leave_resplit_after == 7
    plan = example()
    changed = dataclasses.replace(plan, campaign=dataclasses.replace(plan.campaign, leave_resplit_after=9))
    assert load_plan(plan_to_xlsx(changed), "roundtrip.xlsx") == changed
