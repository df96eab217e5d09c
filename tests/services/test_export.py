"""The campaign workbook through the services container (SPEC §3.1 /export, `campaign-bot export`):
its ledger lists every report once and in order, names stay text, and the units' counts are the
ledger's sums.

The town of tests/services/towns.py, with one more cadre in 甲村 whose name starts with "=": a name
is data, never a formula someone's spreadsheet would run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.origin import MessageKey
from bot.services.reporting import Recorded, TextReport

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
        ("甲一", "甲村", 3),
        ("丙一", "丙村", 2),
        (FORMULA_NAME, "甲村", 4),
        ("甲一", "甲村", 1),
        ("乙一", "乙村", 5),
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
    for code, name in (("va", "甲村"), ("vb", "乙村"), ("vc", "丙村"), ("vd", "丁村")):
        assert units[code][done] == sum(int(str(r["Count"])) for r in ledger if r["Unit"] == name)
    assert units["tz"][done] == sum(int(str(r["Count"])) for r in ledger)


async def test_a_village_leaders_export_holds_only_the_villages_reports(town: Town) -> None:
    ids = await reported(town)
    data = await town.services.sharing.export(await town.actor("甲书记"), await town.campaign(), "en")
    ws = load_workbook(BytesIO(data))["Ledger"]
    assert isinstance(ws, Worksheet)
    ledger = records(ws)
    assert [row["id"] for row in ledger] == [ids[0], ids[2], ids[3]]
    assert len(await town.audited("export")) == 1  # data left the bot: a leader's export is audited


async def workbook_of(town: Town, lang: str, leader: str | None = None) -> dict[str, list[dict[str, object]]]:
    """Every sheet's records: the whole campaign, or what `leader` exports."""
    record = await town.campaign()
    if leader is None:
        data = await town.services.export.workbook(record, lang)
    else:
        data = await town.services.sharing.export(await town.actor(leader), record, lang)
    book = load_workbook(BytesIO(data))
    return {ws.title: records(ws) for ws in book.worksheets if isinstance(ws, Worksheet)}


async def test_the_ledger_reads_names_and_words_not_keys_in_the_readers_language(town: Town) -> None:
    kept, dropped = await town.report("甲一", 1, 3), await town.report("甲一", 2, 4)
    record = await town.campaign()
    # 镇长 sits above 甲村: outside the subtree 甲书记 exports, still named as the one who decided
    assert await town.services.leader.decide(await town.actor("镇长"), record, [kept], True) == 1
    assert await town.services.leader.decide(await town.actor("镇长"), record, [dropped], False) == 1
    zh = (await workbook_of(town, "zh", "甲书记"))["台账"]
    assert [(r["人员"], r["单位"], r["任务"], r["来源"], r["状态"], r["审核人"]) for r in zh] == [
        ("甲一", "甲村", "入户走访", "文字", "已核实", "镇长"),
        ("甲一", "甲村", "入户走访", "文字", "已驳回", "镇长"),
    ]
    en = (await workbook_of(town, "en", "甲书记"))["Ledger"]
    assert [(r["Unit"], r["Task"], r["Source"], r["Status"], r["Verified by"]) for r in en] == [
        ("甲村", "入户走访", "message", "verified", "镇长"),
        ("甲村", "入户走访", "message", "rejected", "镇长"),
    ]


async def test_yes_and_no_replace_true_and_false(town: Town) -> None:
    async with town.services.db.transaction() as conn:  # 丁一 has not joined yet
        await conn.execute("UPDATE members SET telegram_user_id = NULL WHERE name = '丁一'")
    joined = {r["名称"]: r["已加入"] for r in (await workbook_of(town, "zh"))["人员"]}
    assert (joined["甲一"], joined["丁一"]) == ("是", "否")
    joined_en = {r["Name"]: r["Joined"] for r in (await workbook_of(town, "en"))["Members"]}
    assert (joined_en["甲一"], joined_en["丁一"]) == ("Yes", "No")


async def test_the_units_and_members_sheets_end_with_a_totals_row(town: Town) -> None:
    await reported(town)  # 甲村 8, 乙村 5, 丙村 2
    sheets = await workbook_of(town, "en")
    *units, total = sheets["Units"]
    assert [r["Code"] for r in units] == ["tz", "va", "vb", "vc", "vd"]
    # the town is every village: its row is the total, not the town plus its villages again
    assert (total["Name"], total["入户走访 done"], total["入户走访 quota"]) == ("Total", 15, 80)
    assert total["Completion"] == pytest.approx(15 / 80)
    *members, total = sheets["Members"]
    assert (total["Name"], total["入户走访 done"]) == ("Total", sum(int(str(r["入户走访 done"])) for r in members))
    assert total["入户走访 done"] == 15
    assert total["Joined"] is None  # a total of names is not a word


async def test_the_daily_sheet_counts_each_day_unit_and_task_in_the_campaigns_time_zone(town: Town) -> None:
    first = await town.report("甲一", 1, 3)  # 11-20 00:00 in Shanghai
    town.clock.advance(hours=23, minutes=30)
    await town.report("甲一", 2, 4)  # 11-20 23:30 there (15:30 UTC)
    await town.report("乙一", 1, 5)
    town.clock.advance(hours=1)
    await town.report("甲一", 3, 6)  # 11-21 00:30 there, still 11-20 in UTC
    await town.services.leader.decide(await town.actor("镇长"), await town.campaign(), [first], True)
    daily = (await workbook_of(town, "zh"))["每日"]
    assert [(r["日期"], r["单位"], r["任务"], r["已上报"], r["已核实"]) for r in daily] == [
        (datetime(2026, 11, 20), "甲村", "入户走访", 7, 3),
        (datetime(2026, 11, 20), "乙村", "入户走访", 5, 0),
        (datetime(2026, 11, 21), "甲村", "入户走访", 6, 0),
    ]


async def test_the_daily_sheet_dates_an_undo_and_an_edit_by_the_report_they_correct(town: Town) -> None:
    """The one day rule 核查 uses too (README): fixing a slip the next day is no
    work done that day, so 11-20 shows what was meant and 11-21 nothing."""
    await town.report("甲一", 1, 40)  # 11-20: meant 4
    await town.report("乙一", 1, 12)  # 11-20: meant 2
    town.clock.advance(days=1)
    await town.services.reports.undo_last(await town.actor("甲一"), town.users["甲一"], 2)
    user = town.users["乙一"]
    edit = TextReport(MessageKey(user, 1, 1), "走访2", private=True, edited=True, forwarded=False)
    assert isinstance(await town.services.reports.text(await town.actor("乙一"), edit), Recorded)
    await town.report("甲一", 3, 4)  # 11-21: the 4 sent again
    daily = (await workbook_of(town, "zh"))["每日"]
    assert [(r["日期"], r["单位"], r["已上报"]) for r in daily] == [
        (datetime(2026, 11, 20), "甲村", 0),
        (datetime(2026, 11, 20), "乙村", 2),
        (datetime(2026, 11, 21), "甲村", 4),
    ]


async def test_pending_verification_is_counted_per_member_and_unit(town: Town) -> None:
    first = await town.report("甲一", 1, 3)
    await town.report("甲一", 2, 4)
    await town.report("乙一", 1, 5)
    await town.services.leader.decide(await town.actor("镇长"), await town.campaign(), [first], True)
    sheets = await workbook_of(town, "en")
    pending = "Awaiting verification"
    units = {r["Code"]: r[pending] for r in sheets["Units"]}
    assert units == {"tz": 2, "va": 1, "vb": 1, "vc": 0, "vd": 0, None: 2}  # None: the totals row
    members = {r["Name"]: r[pending] for r in sheets["Members"]}
    assert (members["甲一"], members["乙一"], members["丙一"], members["Total"]) == (1, 1, 0, 2)


async def test_without_verification_there_is_no_verification_column(tmp_path: Path) -> None:
    opened = await open_town(tmp_path, verification="off")
    try:
        await opened.report("甲一", 1, 3)
        sheets = await workbook_of(opened, "en")
    finally:
        await opened.services.db.close()
    assert "Awaiting verification" not in sheets["Units"][0]
    assert list(sheets["Daily"][0]) == ["Day", "Unit", "Task", "Reported"]
