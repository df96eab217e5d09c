"""The progress book a digest loads from the kept day sums is the ledger's own in a zone off the whole
hour (Asia/Kathmandu +05:45) and in one with summer time (Europe/Berlin, the campaign starting in summer
time and running into winter time), for a campaign starting at 08:00 (early on, the recent window starts
at that second, no midnight) with reports at that very second and one second either side, named work
days, rest days of the working calendar, and moments across the change of the clocks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.counting import counts_verified
from bot.domain.forecast import Sums, recent_since
from bot.services.day_sums import book_sums, keep_day_sums
from bot.storage.day_sums import DaySumRepo
from bot.storage.ledger import Aggregate, ReportRepo
from bot.storage.series import SeriesRepo

from . import towns
from .book_agreement import _agree
from .ledgers import EXTRA, decide_some, random_ledger
from .towns import open_town


async def _around(town: towns.Town, start: datetime) -> None:
    """Reports at the campaign's start second and one second either side, one naming the day before."""
    db, record = town.services.db, await town.campaign()
    rows = await db.reader.execute_fetchall("SELECT id FROM members WHERE name IN ('甲一', '乙一', '丙一')")
    ids = [int(r[0]) for r in rows]
    at = int(start.timestamp())
    async with db.transaction() as conn:
        for n, (member, dt, status) in enumerate(
            [(ids[0], -1, "reported"), (ids[1], 0, "verified"), (ids[2], 1, "reported"), (ids[0], 0, "verified")]
        ):
            work = (start - timedelta(days=1)).date().isoformat() if n == 3 else None
            await conn.execute(
                "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, "
                "created_at, status, work_date) VALUES (?, ?, 'visit', ?, 'text', ?, ?, ?, ?, ?)",
                (record.id, member, 3 + n, member, 90_000 + n, at + dt, status, work),
            )


@pytest.mark.parametrize(
    ("zone", "start"),
    [("Asia/Kathmandu", datetime(2026, 11, 10, 8, 0)), ("Europe/Berlin", datetime(2026, 10, 20, 8, 0))],
)
async def test_the_book_from_the_day_sums_is_the_ledgers_in_any_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str, start: datetime
) -> None:
    plan = towns.TOWN_PLAN.replace("timezone: Asia/Shanghai", f"timezone: {zone}").replace(
        "start: 2026-11-10T00:00", f"start: {start.isoformat(timespec='minutes')}"
    )
    monkeypatch.setattr(towns, "TOWN_PLAN", plan)
    begin = start.replace(tzinfo=ZoneInfo(zone))
    cadres = {n: "v" + c for n, c in EXTRA.items()}
    town = await open_town(tmp_path, verification="required", cadres=cadres, working=True)
    try:
        db, rng = town.services.db, random.Random(7)
        record = await town.campaign()
        assert record.campaign.start == begin
        await random_ledger(town, rng, 200)
        await _around(town, begin)
        await decide_some(town, rng)
        await keep_day_sums(db, record)
        assert await DaySumRepo(db.reader).zone(record.id) is not None
        sent = await db.reader.execute_fetchall("SELECT created_at FROM reports")
        moments = [
            *(begin + timedelta(seconds=s) for s in (-1, 0, 1)),
            begin + timedelta(hours=5),
            begin + timedelta(days=1, hours=3),  # the recent window still starts at the start
            *(datetime.fromtimestamp(int(r[0]), UTC) for r in rng.sample(list(sent), 3)),
            *(begin + timedelta(days=d, minutes=rng.randint(0, 1439)) for d in (4, 6, 7, 12, 20, 27)),
            datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo(zone)),  # the night the clocks go back (Berlin)
            datetime(2026, 10, 26, 0, 0, tzinfo=ZoneInfo(zone)),
            datetime(2026, 11, 1, 12, 0, tzinfo=ZoneInfo(zone)),
            datetime(2026, 11, 21, 12, 0, tzinfo=ZoneInfo(zone)),  # a Saturday: a rest day
        ]
        await _agree(town, moments)
        for moment in moments:  # the sums themselves, recent part included, and the window against the ledger's
            await _sums_agree(town, moment)
    finally:
        await town.services.db.close()


def _some(sums: dict[int, dict[str, Sums]]) -> dict[int, dict[str, Sums]]:
    kept = {m: {t: s for t, s in tasks.items() if s != Sums()} for m, tasks in sums.items()}
    return {m: tasks for m, tasks in kept.items() if tasks}


async def _sums_agree(town: towns.Town, moment: datetime) -> None:
    """The book's sums from the day sums are ReportRepo.aggregates (the recent part is seen by a standing
    only through its status), and the forecast window read with them is SeriesRepo.window_sums, the
    ledger's own path at the zone's true midnights."""
    db, record = town.services.db, await town.campaign()
    campaign = record.campaign
    since = recent_since(campaign, moment)
    found, window = await book_sums(db, record, moment, since)
    expected = await ReportRepo(db.reader).aggregates(
        record.id, since, verified_only=counts_verified(campaign.verification)
    )
    assert sorted(found, key=_by) == sorted(expected, key=_by), moment
    if window is not None:
        first, today, verified_only = window.key
        ledger = await SeriesRepo(db.reader).window_sums(
            record.id, ZoneInfo(campaign.timezone), first, today, verified_only=verified_only
        )
        assert _some(window.sums) == _some(ledger), moment


def _by(a: Aggregate) -> tuple[int, str]:
    return a.member_id, a.task
