"""A digest's two backlogs — every report awaiting review, and those sent before the overdue cut — read
together in one pass over the day sums are the ledger's two counts, on randomized ledgers at moments
inside a day and at a report's very second, before the sums exist and through more writes."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.services.day_sums import backlogs, keep_day_sums
from bot.storage.ledger import ReportRepo

from .ledgers import EXTRA, START, decide_some, random_ledger
from .towns import Town, open_town


async def _agree(town: Town, moments: list[datetime]) -> None:
    record, reader = await town.campaign(), town.services.db.reader
    every = await ReportRepo(reader).pending_counts(record.id)
    for before in moments:
        expected = (every, await ReportRepo(reader).pending_counts(record.id, before))
        assert await backlogs(town.services.db, record, before) == expected, before


async def test_both_backlogs_at_once_are_the_ledgers(tmp_path: Path) -> None:
    for seed in range(3):
        town = await open_town(
            tmp_path / str(seed), verification="required", cadres={n: "v" + c for n, c in EXTRA.items()}
        )
        try:
            rng = random.Random(seed)
            await random_ledger(town, rng, 300)
            record = await town.campaign()
            rows = list(await town.services.db.reader.execute_fetchall("SELECT created_at FROM reports"))
            moments = [
                *(datetime.fromtimestamp(int(r[0]), UTC) for r in rng.sample(rows, 5)),
                *(START + timedelta(days=rng.randint(0, 30), minutes=rng.randint(0, 1439)) for _ in range(5)),
            ]
            await _agree(town, moments)  # before the sums exist: the ledger's own counts
            await keep_day_sums(town.services.db, record)
            await _agree(town, moments)
            await decide_some(town, rng)
            await random_ledger(town, rng, 100, first=10_000)
            await _agree(town, moments)
        finally:
            await town.services.db.close()
