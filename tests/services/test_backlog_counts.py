"""The review backlog a digest and /verify count, per member (all, and sent before a moment), read from
the day sums the ledger's writes keep is the ledger's own count — on randomized ledgers with verified,
rejected, undone, proxy and named-day entries, at moments inside a day, at a report's very second, and
before the sums exist (the ledger's own path)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.services.day_sums import backlog_counts, keep_day_sums
from bot.storage.day_sums import DaySumRepo
from bot.storage.ledger import ReportRepo

from .ledgers import EXTRA, START, decide_some, random_ledger
from .towns import Town, open_town


async def _agree(town: Town, moments: list[datetime | None]) -> None:
    record = await town.campaign()
    for before in moments:
        expected = await ReportRepo(town.services.db.reader).pending_counts(record.id, before)
        assert await backlog_counts(town.services.db, record, before) == expected, before


async def test_the_backlog_from_the_day_sums_is_the_ledgers(tmp_path: Path) -> None:
    for seed in range(4):
        town = await open_town(
            tmp_path / str(seed), verification="required", cadres={n: "v" + c for n, c in EXTRA.items()}
        )
        try:
            rng = random.Random(seed)
            await random_ledger(town, rng, 300)
            record = await town.campaign()
            rows = await town.services.db.reader.execute_fetchall("SELECT created_at FROM reports")
            seconds = [datetime.fromtimestamp(int(r[0]), UTC) for r in rng.sample(list(rows), 5)]
            moments: list[datetime | None] = [
                None,
                *seconds,  # at a report's very second: it is not before itself
                *(START + timedelta(days=rng.randint(0, 30), minutes=rng.randint(0, 1439)) for _ in range(6)),
            ]
            await _agree(town, moments)  # before the sums exist: the ledger's own count
            await keep_day_sums(town.services.db, record)
            assert await DaySumRepo(town.services.db.reader).zone(record.id) is not None
            await _agree(town, moments)
            await decide_some(town, rng)
            await random_ledger(town, rng, 100, first=10_000)
            await _agree(town, moments)  # kept through verifications, rejections, undos and more reports
        finally:
            await town.services.db.close()
