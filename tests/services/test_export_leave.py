"""The export's leave sheet (issue 11 §2): one row per leave of a member in scope — dates only, never a
reason — with the number of campaign days it covers. The town of tests/services/towns.py (11-10 to
12-10 00:00, its last day 12-09); NOW is 11-20."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.origin import MessageKey

from .towns import Town


async def sheet(
    town: Town, lang: str, title: str, scope: str | None = None
) -> tuple[list[str], list[tuple[object, ...]]]:
    book = load_workbook(BytesIO(await town.services.export.workbook(await town.campaign(), lang, scope)))
    if title not in book.sheetnames:
        return book.sheetnames, []
    ws = book[title]
    assert isinstance(ws, Worksheet)
    return book.sheetnames, [tuple(str(v) for v in r) for r in ws.iter_rows(values_only=True)]


async def test_the_export_has_a_leave_sheet_with_dates_only(town: Town) -> None:
    record, leader = await town.campaign(), await town.actor("镇长")
    await town.services.leave.set(leader, record, "11-24", "11-26", MessageKey(1, 1), who="甲一")
    await town.services.leave.set(leader, record, "12-01", "12-02", MessageKey(1, 2), who="乙一")
    await town.services.leave.set(leader, record, "12-05", "12-06", MessageKey(1, 3), who="甲一")
    names, rows = await sheet(town, "zh", "请假")
    assert names.index("请假") == names.index("人员") + 1
    assert rows == [
        ("姓名", "单位", "开始", "结束", "天数"),
        ("甲一", "甲村", "2026-11-24 00:00:00", "2026-11-26 00:00:00", "3"),
        ("甲一", "甲村", "2026-12-05 00:00:00", "2026-12-06 00:00:00", "2"),
        ("乙一", "乙村", "2026-12-01 00:00:00", "2026-12-02 00:00:00", "2"),
    ]
    _, village = await sheet(town, "en", "Leave", "va")  # a village leader's export: their own people only
    assert [r[0] for r in village] == ["Name", "甲一", "甲一"]


async def test_without_any_leave_there_is_no_leave_sheet(town: Town) -> None:
    names, _ = await sheet(town, "en", "Leave")
    assert "Leave" not in names
