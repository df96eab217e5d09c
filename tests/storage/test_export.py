"""The export workbook from a real SQLite file: sheets, numbers, percentages, local times."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from bot.domain.model import ReportSource
from bot.domain.origin import Origin
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from bot.services.export import ExportService
from bot.services.plans import PlanService
from bot.storage.campaigns import CampaignRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRepo

from .conftest import TZ


async def test_export_holds_the_campaign_numbers_in_six_sheets(tmp_path: Path) -> None:
    clock = ManualClock(datetime(2026, 11, 20, 10, 30, tzinfo=TZ))
    db = await Database.open(tmp_path / "c.db")
    try:
        summary = await PlanService(db, clock).import_plan(load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml"))
        zhang = await MemberRepo(db.reader).by_key("张三")
        assert zhang is not None
        async with db.transaction() as conn:
            for i, n in enumerate((5, 7)):
                await ReportRepo(conn).append(
                    summary.campaign_id, zhang.id, "visit", n, Origin(ReportSource.TEXT, 1001, i), clock()
                )
        record = await CampaignRepo(db.reader).get("winter-service-2026")
        assert record is not None
        data = await ExportService(db, clock).workbook(record, "zh")
        data_en = await ExportService(db, clock).workbook(record, "en")
    finally:
        await db.close()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["汇总", "单位", "人员", "节点", "预测", "每日", "台账"]
    assert openpyxl.load_workbook(io.BytesIO(data_en)).sheetnames == [
        "Summary",
        "Units",
        "Members",
        "Milestones",
        "Forecast",
        "Daily",
        "Ledger",
    ]
    members = book["人员"]
    header = [c.value for c in members[1]]
    row = next(r for r in members.iter_rows(min_row=2, values_only=True) if r[1] == "张三")
    assert row[header.index("入户走访完成")] == 12
    assert row[header.index("入户走访指标")] == 20
    completion_cell = next(r for r in members.iter_rows(min_row=2) if r[1].value == "张三")[header.index("完成率")]
    assert completion_cell.number_format == "0.0%"
    assert abs(completion_cell.value - 12 / 35) < 1e-9
    ledger = list(book["台账"].iter_rows(min_row=2, values_only=True))
    assert [r[5] for r in ledger] == [5, 7]
    assert ledger[0][1] == datetime(2026, 11, 20, 10, 30)  # local (Asia/Shanghai) wall time, as Excel shows it
    assert "Asia/Shanghai" in book["台账"]["B1"].value
    assert book["台账"].freeze_panes == "A2"
    assert book["台账"].auto_filter.ref


# Tab and CR (also on OWASP's list) cannot start a name: plan import strips them.
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "=1+1"]


async def test_names_that_look_like_formulas_are_exported_as_text(tmp_path: Path) -> None:
    """OWASP CSV/formula injection: a member or unit named `=HYPERLINK(...)` is a string cell,
    shown as written and never evaluated — also after someone edits it in Excel (quote prefix)."""
    clock = ManualClock(datetime(2026, 11, 20, 10, 30, tzinfo=TZ))
    plan = EXAMPLE_PLAN_YAML.replace("name: 七岭村", f"name: {FORMULAS[1]!r}")
    for index, formula in enumerate(FORMULAS):
        plan = plan.replace(
            f"{{name: {['李四', '王五', '赵六', '孙七', '周八', '李书记'][index]},", f"{{name: {json.dumps(formula)},"
        )
    db = await Database.open(tmp_path / "c.db")
    try:
        summary = await PlanService(db, clock).import_plan(load_plan(plan.encode(), "plan.yaml"))
        cadre = await MemberRepo(db.reader).by_key(FORMULAS[0])  # a cadre of the unit named "+1+2"
        assert cadre is not None
        async with db.transaction() as conn:
            origin = Origin(ReportSource.TEXT, 1001, 1)
            await ReportRepo(conn).append(summary.campaign_id, cadre.id, "visit", 2, origin, clock())
        record = await CampaignRepo(db.reader).get("winter-service-2026")
        assert record is not None
        data = await ExportService(db, clock).workbook(record, "zh")
    finally:
        await db.close()
    book = openpyxl.load_workbook(io.BytesIO(data))
    names = {row[1].value: row[1] for row in book["人员"].iter_rows(min_row=2)}
    assert set(FORMULAS) <= set(names)
    for formula in FORMULAS:
        cell = names[formula]
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", formula, True), formula
    unit = next(row[1] for row in book["单位"].iter_rows(min_row=2) if row[0].value == "ql")
    assert (unit.data_type, unit.value) == ("s", "+1+2")
    # the ledger and the daily sheet name the member and the unit: still text
    [ledger] = list(book["台账"].iter_rows(min_row=2))
    assert [(c.data_type, c.value, c.quotePrefix) for c in ledger[2:4]] == [
        ("s", FORMULAS[0], True),
        ("s", "+1+2", True),
    ]
    [daily] = list(book["每日"].iter_rows(min_row=2))
    assert (daily[1].data_type, daily[1].value, daily[1].quotePrefix) == ("s", "+1+2", True)
    plain = next(row[1] for row in book["单位"].iter_rows(min_row=2) if row[0].value == "sq")
    assert not plain.quotePrefix  # ordinary names are untouched


async def test_a_name_with_a_control_character_does_not_stop_the_export(tmp_path: Path) -> None:
    clock = ManualClock(datetime(2026, 11, 20, 10, 30, tzinfo=TZ))
    db = await Database.open(tmp_path / "c.db")
    try:
        await PlanService(db, clock).import_plan(load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml"))
        # Plans refuse such names now; one stored before that rule must still not stop the export.
        async with db.transaction() as conn:
            await conn.execute("UPDATE members SET name = ? WHERE name = ?", ("李\x01四", "李四"))
        record = await CampaignRepo(db.reader).get("winter-service-2026")
        assert record is not None
        data = await ExportService(db, clock).workbook(record, "zh")  # openpyxl refused the whole workbook
    finally:
        await db.close()
    names = [row[1] for row in openpyxl.load_workbook(io.BytesIO(data))["人员"].iter_rows(min_row=2, values_only=True)]
    assert "李\ufffd四" in names


async def test_the_ledger_is_handed_to_the_workbook_in_batches_and_arrives_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export holds one batch of the ledger at a time; every row still arrives, in order."""
    monkeypatch.setattr("bot.services.export.BATCH", 2)
    clock = ManualClock(datetime(2026, 11, 20, 10, 30, tzinfo=TZ))
    db = await Database.open(tmp_path / "c.db")
    try:
        summary = await PlanService(db, clock).import_plan(load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml"))
        zhang = await MemberRepo(db.reader).by_key("张三")
        assert zhang is not None
        async with db.transaction() as conn:
            for i in range(5):
                await ReportRepo(conn).append(
                    summary.campaign_id, zhang.id, "visit", i + 1, Origin(ReportSource.TEXT, 1001, i), clock()
                )
        record = await CampaignRepo(db.reader).get("winter-service-2026")
        assert record is not None
        data = await ExportService(db, clock).workbook(record, "zh")
    finally:
        await db.close()
    ledger = list(openpyxl.load_workbook(io.BytesIO(data))["台账"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[5]) for r in ledger] == [("张三", n) for n in (1, 2, 3, 4, 5)]
