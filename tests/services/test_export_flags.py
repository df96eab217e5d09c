"""The export's ledger sheet has a flags column (issue 11 §4): each report's anomaly reasons by their
short names in the reader's language, empty for a report with none."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from .towns import Town, open_town

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    opened = await open_town(tmp_path)
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def _ledger(town: Town, lang: str) -> dict[int, dict[str, object]]:
    data = await town.services.export.workbook(await town.campaign(), lang)
    ws = load_workbook(BytesIO(data))["台账" if lang == "zh" else "Ledger"]
    assert isinstance(ws, Worksheet)
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return {int(str(r[0])): dict(zip(header, r, strict=True)) for r in rows[1:]}


async def test_each_ledger_row_names_its_flags_in_the_readers_language(town: Town) -> None:
    await town.services.leader.assign(await town.actor("镇长"), await town.campaign(), "甲一", "visit", 10)
    town.clock.set(datetime(2026, 11, 21, 23, 40, tzinfo=TZ))
    both = await town.report("甲一", 1, 20)  # at night, and 200 % of a quota of 10
    town.clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=TZ))
    plain = await town.report("乙一", 2, 5)
    en = await _ledger(town, "en")
    assert en[both]["Flags"] == "above quota, night"
    assert en[plain]["Flags"] is None
    zh = await _ledger(town, "zh")
    assert zh[both]["异常提示"] == "超出任务、深夜上报"
