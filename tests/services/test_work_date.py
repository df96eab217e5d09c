"""The day the work was done (SPEC §3.2 `昨天走访5户`) on a real database: stored with the entry, kept by
its corrections, shown in the export's ledger, and never before the campaign's first day."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.errors import DomainError
from bot.domain.origin import MessageKey
from bot.services.reporting import Recorded, TextReport
from tests.storage.conftest import TZ

from .conftest import CHAT, World


def typed(message_id: int, text: str, revision: int = 0) -> TextReport:
    return TextReport(MessageKey(CHAT, message_id, revision), text, private=True, edited=revision > 0, forwarded=False)


async def rows(world: World) -> list[tuple[str, int, str, str | None]]:
    found = await world.services.db.reader.execute_fetchall(
        "SELECT task, delta, source, work_date FROM reports ORDER BY id"
    )
    return [(r[0], r[1], r[2], r[3]) for r in found]


async def test_yesterday_is_stored_with_the_entry_and_kept_by_its_correction(world: World) -> None:
    first = await world.services.reports.text(world.cadre, typed(10, "昨天走访5户"))
    assert isinstance(first, Recorded)
    assert first.work_date == date(2026, 11, 19)
    edit = await world.services.reports.text(world.cadre, typed(10, "昨天走访7户", revision=1))
    assert isinstance(edit, Recorded)
    await world.services.reports.text(world.cadre, typed(11, "体检2"))
    assert await rows(world) == [
        ("visit", 5, "text", "2026-11-19"),
        ("visit", -5, "correction", "2026-11-19"),  # nets out on the day it was counted under
        ("visit", 7, "text", "2026-11-19"),
        ("checkup", 2, "text", None),
    ]


async def test_an_undo_of_a_dated_report_is_dated_like_it(world: World) -> None:
    await world.services.reports.text(world.cadre, typed(10, "前天走访5户"))
    await world.services.reports.undo_last(world.cadre, CHAT, 12)
    assert [r[3] for r in await rows(world)] == ["2026-11-18", "2026-11-18"]


async def test_the_day_before_the_campaign_started_is_refused(world: World) -> None:
    world.clock.set(datetime(2026, 11, 13, 9, 0, tzinfo=TZ))
    await world.services.reports.text(world.cadre, typed(10, "昨天走访5户"))  # 12 Nov: the first day
    with pytest.raises(DomainError) as refused:
        await world.services.reports.text(world.cadre, typed(11, "前天走访5户"))  # 11 Nov: before it
    assert refused.value.key == "report.before_start"
    assert refused.value.params["start"] == "2026-11-12"
    assert [r[3] for r in await rows(world)] == ["2026-11-12"]


async def test_the_export_ledger_shows_the_day_the_work_was_done(world: World) -> None:
    await world.services.reports.text(world.cadre, typed(10, "昨天走访5户"))
    await world.services.reports.text(world.cadre, typed(11, "体检2"))
    book = load_workbook(BytesIO(await world.services.export.workbook(world.record, "en")))
    ws = book["Ledger"]
    assert isinstance(ws, Worksheet)
    table = list(ws.iter_rows(values_only=True))
    column = list(table[0]).index("Work date")
    assert [row[column] for row in table[1:]] == [datetime(2026, 11, 19), datetime(2026, 11, 20)]
