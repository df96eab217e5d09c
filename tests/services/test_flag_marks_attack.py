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


async def test_two_processes_refreshing_while_reports_arrive_keep_the_peers_right(tmp_path: Path) -> None:
    import asyncio
    from collections import Counter

    from bot.services import flags as flags_mod
    from bot.storage.db import Database
    from bot.storage.signals import SignalRepo

    town = await _town(tmp_path, seed=11)
    db = town.services.db
    other = await Database.open(tmp_path / "campaign.db")  # the CLI's export, another process
    flags_mod.BATCH = 3
    try:
        record = await town.campaign()
        loaded = await town.services.progress.load(record)
        rng = random.Random(5)

        async def writes() -> None:
            for n in range(40):
                await random_ledger(town, rng, 3, first=50_000 + 10 * n)
                await asyncio.sleep(0)

        async def refreshes(d: Database) -> None:
            for _ in range(30):
                await refresh(d, loaded)

        await asyncio.gather(writes(), refreshes(db), refreshes(other))
        await refresh(db, loaded)
        totals = await SignalRepo(db.reader).day_totals(record.id, 8 * 3600)
        rows = await db.reader.execute_fetchall("SELECT task, total, days FROM peer_day_counts")
        assert {(str(r[0]), int(r[1])): int(r[2]) for r in rows} == Counter((t.task, t.total) for t in totals)
        kept = await judge_pending(db, loaded, None)
        assert {i: kept.findings.of(i) for i in kept.pending} == await _expected(town, loaded)
    finally:
        flags_mod.BATCH = 500
        await other.close()
        await db.close()
