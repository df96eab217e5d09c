"""核查 on a real database (issue 11 §4): compared with what was reported up to the as-of date, stored
once per upload, rows outside the scope refused as unknown, and each leader of a unit with a discrepancy told once."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl

from bot.domain.model import Assignee
from bot.domain.reconcile import SourceRow
from bot.plans.reconcile_source import read_reconcile
from bot.services.reconcile import INTENT_MINUTES
from tests.services.towns import Town

AS_OF = date(2026, 11, 21)


def rows(*items: tuple[str, int], source: str = "县卫健局抽查", as_of: date = AS_OF) -> list[SourceRow]:
    return [SourceRow(n + 2, f"A{n + 2}", who, "走访", count, source, as_of) for n, (who, count) in enumerate(items)]


async def _reports(town: Town) -> None:
    """甲一 8 on 11-20 and 5 more on 11-22 (after the as-of date); 乙一 4 on 11-20."""
    await town.report("甲一", 1, 8)
    await town.report("乙一", 2, 4)
    town.clock.advance(days=2)
    await town.report("甲一", 3, 5)


async def _stored(town: Town) -> list[tuple[object, ...]]:
    got = await town.services.db.reader.execute_fetchall("SELECT id, source, as_of, member_id FROM reconciliations")
    return [tuple(r) for r in got]


async def test_reported_counts_up_to_the_as_of_day_are_compared_and_stored(town: Town) -> None:
    await _reports(town)
    leader, record = await town.actor("镇长"), await town.campaign()
    outcome = await town.services.reconcile.reconcile(
        leader, record, rows(("甲村", 6), ("乙村", 4), ("丙一", 0), ("潭镇", 12)), "3000:77"
    )
    assert outcome.problems == []
    assert [(outcome.names[ln.assignee], ln.reported, ln.checked) for ln in outcome.lines] == [
        ("甲村", 8, 6),  # the 5 of 11-22 are after the as-of day
        ("乙村", 4, 4),
        ("丙一", 0, 0),
        ("潭镇", 12, 12),  # the whole town: 8 + 4
    ]
    assert [(ln.assignee, ln.difference) for ln in outcome.discrepancies] == [(Assignee.unit("va"), 2)]
    assert outcome.stored is not None
    assert await _stored(town) == [(outcome.stored.id, "县卫健局抽查", "2026-11-21", leader.member_id)]
    latest = await town.services.reconcile.latest(record)
    assert [(ln.assignee.key, ln.checked, ln.reported) for _, ln in latest] == [
        ("va", 6, 8), ("vb", 4, 4), ("丙一", 0, 0), ("tz", 12, 12)
    ]  # fmt: skip
    assert len(await town.audited("reconcile")) == 1


async def test_each_leader_of_a_unit_with_a_discrepancy_is_told_once_and_a_redelivery_stores_nothing(
    town: Town,
) -> None:
    await _reports(town)
    leader, record = await town.actor("镇长"), await town.campaign()
    sent = rows(("甲村", 6), ("乙一", 1), ("潭镇", 12))
    first = await town.services.reconcile.reconcile(leader, record, sent, "3000:77")
    # 甲村 +2 → 甲书记; 乙一 +3 → 乙书记 (乙一's unit); the town is the uploader's own: he knows.
    told = {(n.chat_id, tuple(ln.assignee.key for ln in n.lines)) for n in first.notices}
    assert told == {(3001, ("va",)), (3002, ("乙一",))}
    again = await town.services.reconcile.reconcile(leader, record, sent, "3000:77")
    assert again.notices == []
    assert again.stored == first.stored
    assert [ln.difference for ln in again.discrepancies] == [3, 2]
    assert len(await _stored(town)) == 1


async def test_a_village_leader_may_reconcile_only_their_village(town: Town) -> None:
    village, record = await town.actor("甲书记"), await town.campaign()
    sent = rows(("甲一", 1), ("乙村", 2), as_of=date(2026, 11, 19))
    outcome = await town.services.reconcile.reconcile(village, record, sent, "3001:5")
    assert [(p.location, p.key) for p in outcome.problems] == [("A3", "reconcile.unknown_assignee")]
    assert outcome.stored is None
    assert await _stored(town) == []


async def test_the_operator_reconciles_anything_and_tells_nobody(town: Town) -> None:
    await _reports(town)
    outcome = await town.services.reconcile.reconcile(None, await town.campaign(), rows(("甲村", 1)))
    assert outcome.stored is not None
    assert outcome.stored.member_id is None
    assert outcome.notices == []


async def test_the_intent_to_send_a_file_survives_until_it_expires(town: Town) -> None:
    leader, record = await town.actor("镇长"), await town.campaign()
    assert await town.services.reconcile.intended(leader) is None
    await town.services.reconcile.begin(leader, record)
    assert await town.services.reconcile.intended(leader) == record.id
    town.clock.advance(minutes=INTENT_MINUTES + 1)
    assert await town.services.reconcile.intended(leader) is None


async def test_the_export_has_a_check_sheet_of_the_latest_checked_counts_in_scope(town: Town) -> None:
    await _reports(town)
    leader, record = await town.actor("镇长"), await town.campaign()
    await town.services.reconcile.reconcile(leader, record, rows(("甲村", 6), ("乙一", 9)), "3000:1")
    town.clock.advance(hours=1)
    await town.services.reconcile.reconcile(leader, record, rows(("甲村", 8), source="公卫系统"), "3000:2")
    book = openpyxl.load_workbook(io.BytesIO(await town.services.export.workbook(record, "zh")))
    sheet = book["核查"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["单位或人员", "任务", "已上报", "已核实", "核查数", "差额（上报 − 核查）", "来源", "截至日期"],
        ["乙一", "入户走访", 4, 0, 9, -5, "县卫健局抽查", datetime(2026, 11, 21)],
        ["甲村", "入户走访", 8, 0, 8, 0, "公卫系统", datetime(2026, 11, 21)],  # the later check of 甲村
    ]
    village = openpyxl.load_workbook(io.BytesIO(await town.services.export.workbook(record, "zh", "va")))
    assert [r[0].value for r in village["核查"].iter_rows()] == ["单位或人员", "甲村"]  # 乙一 is not in 甲村


async def test_a_unicode_text_file_as_wps_saves_it_is_stored_with_the_campaigns_year(town: Town) -> None:
    await _reports(town)
    text = "单位或人员\t任务\t核查数\t来源\t截至日期\r\n甲村\t走访\t8.0\t县卫健局抽查\t11月21日\r\n"
    rows_read, problems = read_reconcile(text.encode("utf-16"), "核查.txt")
    assert problems == []
    outcome = await town.services.reconcile.reconcile(await town.actor("镇长"), await town.campaign(), rows_read)
    assert outcome.stored is not None
    assert outcome.stored.as_of == AS_OF
    assert [(ln.checked, ln.reported) for ln in outcome.lines] == [(8, 8)]
