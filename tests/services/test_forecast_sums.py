"""The forecast's sums from the day sums the ledger's writes keep (migration v12) equal those grouped
from the ledger itself (bot/storage/series.py), on randomized ledgers (named work days, undone,
verified and rejected entries), for every member or a few, counting every entry or verified ones only,
on several days — built from the ledger, then kept through more writes."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.services.day_sums import keep_day_sums
from bot.storage.day_sums import DaySumRepo
from bot.storage.series import SeriesRepo

from .ledgers import EXTRA, decide_some, random_ledger
from .towns import Town, open_town

TZ = ZoneInfo("Asia/Shanghai")


async def _agree(town: Town, rng: random.Random) -> int:
    record = await town.campaign()
    reader = town.services.db.reader
    members = [int(r[0]) for r in await reader.execute_fetchall("SELECT DISTINCT member_id FROM reports")]
    compared = 0
    for today in (date(2026, 11, 12), date(2026, 11, 20), date(2026, 11, 30), date(2026, 12, 12)):
        for window_first in (today - timedelta(days=5), today):
            for verified_only in (False, True):
                for scope in (None, sorted(rng.sample(members, 3))):
                    ledger = await SeriesRepo(reader).window_sums(
                        record.id, TZ, window_first, today, verified_only=verified_only, members=scope
                    )
                    kept = await DaySumRepo(reader).window_sums(
                        record.id, window_first, today, verified_only=verified_only, members=scope
                    )
                    assert kept == ledger
                    compared += sum(len(tasks) for tasks in ledger.values())
    return compared


async def test_the_forecast_sums_from_the_kept_day_sums_are_the_ledgers(tmp_path: Path) -> None:
    for seed in range(3):
        town = await open_town(
            tmp_path / str(seed), verification="required", cadres={n: "v" + c for n, c in EXTRA.items()}
        )
        try:
            rng = random.Random(seed)
            await random_ledger(town, rng, 300)
            await keep_day_sums(town.services.db, await town.campaign())
            assert await _agree(town, rng) > 0
            await decide_some(town, rng)
            await random_ledger(town, rng, 100, first=10_000)
            assert await _agree(town, rng) > 0
        finally:
            await town.services.db.close()
