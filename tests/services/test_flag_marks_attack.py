"""Attacks on the kept judgements (migration v13): cases where judge_pending differs from `judge`."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from bot.services.flags import refresh
from bot.services.integrity import flagged_pending_per_member, judge, judge_pending

from .ledgers import EXTRA, TZ, random_ledger
from .towns import Town, open_town


async def _town(tmp_path: Path, seed: int = 3) -> Town:
    town = await open_town(tmp_path, verification="required", cadres={n: "v" + c for n, c in EXTRA.items()})
    await random_ledger(town, random.Random(seed), 300)
    return town


async def _expected(town: Town, loaded) -> dict[int, tuple]:
    ref = await judge(town.services.db.reader, loaded, None)
    return {i: ref.findings.of(i) for i in ref.pending}


async def test_a_pinned_reader_snapshot_caches_stale_flags(tmp_path: Path) -> None:
    """The reader sits in an older snapshot (a statement another task stepped but did not finish, which
    bot/storage/db.py says happens): refresh saves on the writer, judge_pending reads the kept rows on the
    reader, so it reads the judgements from before its own save, and holds them for this write count."""
    town = await _town(tmp_path)
    db = town.services.db
    try:
        loaded = await town.services.progress.load(await town.campaign())
        await judge_pending(db, loaded, None)
        town.clock.set(datetime(2026, 11, 20, 23, 30, tzinfo=TZ))  # a night report: NIGHT
        night = await town.report("甲一", 777, 2)
        pinned = await db.reader.execute("SELECT id FROM reports")  # another task's read, not finished
        await pinned.fetchone()
        first = await judge_pending(db, loaded, None)
        await pinned.close()
        again = await judge_pending(db, loaded, None)  # no write since: served held
        expected = await _expected(town, loaded)
        assert expected[night], "the reference flags the night report"
        assert {i: again.findings.of(i) for i in again.pending} == expected, (
            f"night report {night}: kept {again.findings.of(night)} vs reference {expected[night]}; "
            f"first={first.findings.of(night)}"
        )
    finally:
        await db.close()
