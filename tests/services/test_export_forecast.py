"""The export's forecast sheet (issue 11 §3): a row per unit and member in scope and task with a quota,
the rates, the projections and the reach date, as /progress says them. The town of
tests/services/towns.py: 50 % due 30 Nov 00:00 (29 Nov its last day), the end 10 Dec 00:00."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from .towns import NOW, Town


def on(day: int) -> datetime:
    return NOW.replace(day=day, hour=10)


async def rows(town: Town, lang: str, title: str) -> tuple[list[str], list[dict[str, object]]]:
    book = load_workbook(BytesIO(await town.services.export.workbook(await town.campaign(), lang)))
    ws = book[title]
    assert isinstance(ws, Worksheet)
    found = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in found[0]]
    return book.sheetnames, [dict(zip(header, row, strict=True)) for row in found[1:]]


async def test_the_forecast_sheet_has_a_row_per_unit_and_task(working_town: Town) -> None:
    town = working_town
    for n, day in enumerate((16, 17, 18, 19)):  # 2 visits a working day in 甲村
        town.clock.set(on(day))
        await town.report("甲一", 10 + n, 2)
    town.clock.set(on(20))
    names, forecast = await rows(town, "en", "Forecast")
    assert names == ["Summary", "Units", "Members", "Milestones", "Forecast", "Daily", "Ledger"]
    by_code = {r["Code"]: r for r in forecast}
    assert set(by_code) == {"tz", "va", "vb", "vc", "vd"}  # the cadres hold no quota of their own
    village = by_code["va"]
    # As tests/services/test_forecast.py computes it: 8 done, 1 a working day since the start, 1.6
    # recently; 16 (80 %) by 29 Nov, the 50 % target 10 on 24 Nov, 3 working days early; 28 by the end.
    assert (village["Name"], village["Task"], village["Done"], village["Quota"]) == ("甲村", "入户走访", 8, 20)
    assert (village["Per working day"], village["Last 5 working days"]) == (1, 1.6)
    assert village["Checkpoint"] == 0.5
    assert village["Checkpoint date"] == datetime(2026, 11, 29)
    assert (village["Projected by then"], village["Share by then"]) == (16, 0.8)
    assert village["Target reached"] == datetime(2026, 11, 24)
    assert village["Working days late"] == -3
    assert (village["Projected by the end"], village["Share by the end"]) == (28, 1.4)
    assert village["Note"] is None
    assert by_code["tz"]["Note"] == "not before the deadline at this pace"


async def test_too_early_rows_say_so(working_town: Town) -> None:
    town = working_town
    town.clock.set(on(12))  # two working days of data
    names, forecast = await rows(town, "zh", "预测")
    assert names == ["汇总", "单位", "人员", "节点", "预测", "每日", "台账"]
    assert {r["备注"] for r in forecast} == {"数据不足3个工作日，暂不预测"}
    assert {r["预计节点日完成"] for r in forecast} == {None}
