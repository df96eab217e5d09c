"""A checkpoint's own evaluation, stored when it runs (SPEC §5), and the export's milestones sheet
taking a closed milestone from it rather than re-computing it with today's totals.

The town of tests/services/towns.py: four villages with 20 visits each, 50 % due 11-30 00:00, so each
village's target is 10 and the town's (80, the villages' sum) is 40.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.model import Assignee
from bot.services.records import CampaignRecord

from .towns import Town, open_town


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    opened = await open_town(tmp_path)
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def judge_the_50_percent_checkpoint(town: Town) -> CampaignRecord:
    record = await town.campaign()
    m50 = record.campaign.milestones[0]
    town.clock.set(m50.due + timedelta(seconds=30))
    loaded = await town.services.progress.load(record)
    assert await town.services.checkpoints.record(record.id, loaded.book, m50)
    return record


async def milestone_rows(town: Town) -> list[tuple[object, ...]]:
    """(percent, met, units with a quota, state) per milestone, in the order of the sheet."""
    data = await town.services.export.workbook(await town.campaign(), "en")
    ws = load_workbook(BytesIO(data))["Milestones"]
    assert isinstance(ws, Worksheet)
    return [(r[0], r[2], r[3], r[4]) for r in list(ws.iter_rows(values_only=True))[1:]]


async def test_the_checkpoint_stores_done_and_target_per_assignee_and_task(town: Town) -> None:
    await town.report("甲一", 1, 10)
    await town.report("乙一", 1, 4)
    record = await judge_the_50_percent_checkpoint(town)
    stored = (await town.services.checkpoints.results(record.id))[50]
    rows = {(r.assignee, r.task): (r.done, r.target, r.met) for r in stored.results}
    assert rows[(Assignee.unit("tz"), "visit")] == (14, 40, False)
    assert rows[(Assignee.unit("va"), "visit")] == (10, 10, True)
    assert rows[(Assignee.unit("vb"), "visit")] == (4, 10, False)
    assert (Assignee.member("甲一"), "visit") not in rows  # no personal quota: nothing to judge them by
    assert stored.due_at == record.campaign.milestones[0].due


async def test_a_rerun_of_the_same_checkpoint_keeps_its_first_judgement(town: Town) -> None:
    record = await judge_the_50_percent_checkpoint(town)
    await town.report("甲一", 1, 10)
    loaded = await town.services.progress.load(record)
    assert not await town.services.checkpoints.record(record.id, loaded.book, record.campaign.milestones[0])
    stored = (await town.services.checkpoints.results(record.id))[50]
    assert {r.done for r in stored.results} == {0}


async def test_a_closed_milestone_in_the_export_is_the_checkpoints_judgement_not_todays(town: Town) -> None:
    await town.report("甲一", 1, 10)  # 甲村 meets its 10; the other three villages and the town miss
    await judge_the_50_percent_checkpoint(town)
    for n, name in enumerate(("乙一", "丙一", "丁一"), start=1):  # everyone catches up after the due
        await town.report(name, n, 10)
    town.clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=town.clock().tzinfo))
    rows = await milestone_rows(town)
    assert rows[0] == (0.5, 1, 5, "missed")  # as judged at 11-30: 1 of 5 units (today all 5 would meet)
    assert rows[1][3] == "open"
