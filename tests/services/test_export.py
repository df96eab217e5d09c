"""The campaign workbook through the services container (SPEC §3.1 /export, `campaign-bot export`):
its ledger lists every report once and in order, names stay text, and the units' counts are the
ledger's sums.

The town of tests/services/towns.py, with one more cadre in 甲村 whose name starts with "=": a name
is data, never a formula someone's spreadsheet would run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from .towns import Town, open_town

FORMULA_NAME = "=HYPERLINK(1)"


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    opened = await open_town(tmp_path, cadres={FORMULA_NAME: "va"})
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def reported(town: Town) -> list[int]:
    """Five reports in four villages; returns their ledger ids in the order they were made."""
    return [
        await town.report("甲一", 1, 3),
        await town.report("丙一", 1, 2),
        await town.report(FORMULA_NAME, 1, 4),
        await town.report("甲一", 2, 1),
        await town.report("乙一", 1, 5),
    ]


async def sheet(town: Town, title: str) -> Worksheet:
    data = await town.services.export.workbook(await town.campaign(), "en")
    book = load_workbook(BytesIO(data))
    ws = book[title]
    assert isinstance(ws, Worksheet)
    return ws


def records(ws: Worksheet) -> list[dict[str, object]]:
    """The sheet's rows below its header, by column title."""
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


async def test_the_ledger_lists_every_report_once_in_order(town: Town) -> None:
    ids = await reported(town)
    ledger = records(await sheet(town, "Ledger"))
    assert [row["id"] for row in ledger] == ids
    assert [(row["Member"], row["Unit"], row["Count"]) for row in ledger] == [
        ("甲一", "va", 3),
        ("丙一", "vc", 2),
        (FORMULA_NAME, "va", 4),
        ("甲一", "va", 1),
        ("乙一", "vb", 5),
    ]


async def test_a_name_that_looks_like_a_formula_is_written_as_text(town: Town) -> None:
    await reported(town)
    ws = await sheet(town, "Ledger")
    [cell] = [c for row in ws.iter_rows() for c in row if c.value == FORMULA_NAME]
    assert cell.data_type == "s"  # a string, not "f" (a formula)
    assert cell.quotePrefix
    members = await sheet(town, "Members")
    # the member's code and name columns both hold it
    assert [c.data_type for row in members.iter_rows() for c in row if c.value == FORMULA_NAME] == ["s", "s"]


async def test_each_units_count_is_the_sum_of_its_ledger_rows(town: Town) -> None:
    await reported(town)
    ledger = records(await sheet(town, "Ledger"))
    units = {str(row["Code"]): row for row in records(await sheet(town, "Units"))}
    done = "入户走访 done"
    # 甲村 3 + 4 + 1, 乙村 5, 丙村 2, 丁村 nothing; the town all of them
    assert {code: units[code][done] for code in ("tz", "va", "vb", "vc", "vd")} == {
        "tz": 15,
        "va": 8,
        "vb": 5,
        "vc": 2,
        "vd": 0,
    }
    for code in ("va", "vb", "vc", "vd"):
        assert units[code][done] == sum(int(str(r["Count"])) for r in ledger if r["Unit"] == code)
    assert units["tz"][done] == sum(int(str(r["Count"])) for r in ledger)


async def test_a_village_leaders_export_holds_only_the_villages_reports(town: Town) -> None:
    ids = await reported(town)
    data = await town.services.sharing.export(await town.actor("甲书记"), await town.campaign(), "en")
    ws = load_workbook(BytesIO(data))["Ledger"]
    assert isinstance(ws, Worksheet)
    ledger = records(ws)
    assert [row["id"] for row in ledger] == [ids[0], ids[2], ids[3]]
    assert len(await town.audited("export")) == 1  # data left the bot: a leader's export is audited
