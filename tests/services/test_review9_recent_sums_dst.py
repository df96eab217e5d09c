"""review9: the at-risk rule's recent sums in a zone with summer time, for a campaign that starts in
winter time and runs into summer time (Europe/Berlin, spring 2027: the clocks go forward on 03-28).

The recent window starts at the local midnight of its first working day (recent_since). The ledger's
path counts an entry in it from that midnight on (book_reads.RECENT); the kept day sums are taken at the
campaign's offset at its start (+01:00), so they must find the same first day — else a member's work of
the day before the window counts as recent on one path and not on the other, and whether a village is
"at risk" depends on which path the digest happened to read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.forecast import recent_since
from bot.services.day_sums import book_sums, keep_day_sums
from bot.storage.day_sums import DaySumRepo
from bot.storage.ledger import Aggregate, ReportRepo

from . import towns
from .towns import Town, open_town

BERLIN = ZoneInfo("Europe/Berlin")
MOMENT = datetime(2027, 4, 6, 12, 0, tzinfo=BERLIN)  # calendar off: the window is 04-01 … 04-05
DAY_BEFORE = datetime(2027, 3, 31, 12, 0, tzinfo=BERLIN)  # the day before the window's first


@pytest.fixture
async def spring_town(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Town]:
    plan = (
        towns.TOWN_PLAN.replace("timezone: Asia/Shanghai", "timezone: Europe/Berlin")
        .replace("start: 2026-11-10T00:00", "start: 2027-03-15T00:00")
        .replace("end: 2026-12-10T00:00", "end: 2027-04-14T00:00")
        .replace("due: 2026-11-30T00:00", "due: 2027-04-04T00:00")
        .replace("due: 2026-12-10T00:00", "due: 2027-04-14T00:00")
    )
    assert "Europe/Berlin" in plan, "the town plan's text changed"
    assert "2026-" not in plan, "the town plan's text changed"
    monkeypatch.setattr(towns, "TOWN_PLAN", plan)
    opened = await open_town(tmp_path)
    opened.clock.now = MOMENT
    try:
        yield opened
    finally:
        await opened.services.db.close()


def _by(a: Aggregate) -> tuple[int, str]:
    return a.member_id, a.task


async def test_work_of_the_day_before_the_window_is_not_recent_on_either_path_after_the_clocks_go_forward(
    spring_town: Town,
) -> None:
    db, record = spring_town.services.db, await spring_town.campaign()
    [(member_id,)] = await db.reader.execute_fetchall("SELECT id FROM members WHERE name = '甲一'")
    async with db.transaction() as conn:
        for n, work_date in enumerate((None, "2027-03-31")):  # sent that day; and one naming that day
            await conn.execute(
                "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, "
                "created_at, status, work_date) VALUES (?, ?, 'visit', ?, 'text', ?, ?, ?, 'reported', ?)",
                (record.id, member_id, 3 + n, 4001, 91_000 + n, int(DAY_BEFORE.timestamp()), work_date),
            )
    since = recent_since(record.campaign, MOMENT)
    assert since == datetime(2027, 4, 1, 0, 0, tzinfo=BERLIN)
    ledger = await ReportRepo(db.reader).aggregates(record.id, since, verified_only=False)
    await keep_day_sums(db, record)
    assert await DaySumRepo(db.reader).zone(record.id) is not None
    kept, _ = await book_sums(db, record, MOMENT, since)
    assert sorted(kept, key=_by) == sorted(ledger, key=_by)
