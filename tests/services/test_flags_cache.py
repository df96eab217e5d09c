"""The pending reports' flags are kept in process between evaluations, keyed by the campaign's ledger
count of writes (bumped in the transaction of every ledger write, migration v13): asked again with no write
between, the same judgement is served; any write, a verification included, makes the next one fresh."""

from __future__ import annotations

import random
from pathlib import Path

import aiosqlite

from bot.domain.model import ReportStatus
from bot.services.day_sums import keep_day_sums
from bot.services.integrity import judge_pending
from bot.storage.ledger import ReportRepo

from .ledgers import EXTRA, START, random_ledger
from .towns import Town, open_town


async def _town(tmp_path: Path) -> Town:
    town = await open_town(tmp_path, verification="required", cadres={n: "v" + c for n, c in EXTRA.items()})
    await random_ledger(town, random.Random(4), 200)
    await keep_day_sums(town.services.db, await town.campaign())
    return town


async def test_asked_again_without_a_write_the_same_judgement_is_served(tmp_path: Path) -> None:
    town = await _town(tmp_path)
    try:
        loaded = await town.services.progress.load(await town.campaign())
        first = await judge_pending(town.services.db, loaded, None)
        assert await judge_pending(town.services.db, loaded, None) is first
    finally:
        await town.services.db.close()


async def test_a_ledger_write_makes_the_next_judgement_fresh(tmp_path: Path) -> None:
    town = await _town(tmp_path)
    try:
        db = town.services.db
        loaded = await town.services.progress.load(await town.campaign())
        first = await judge_pending(db, loaded, None)
        some = sorted(first.pending)[0]
        async with db.transaction() as conn:
            await ReportRepo(conn).set_status([some], ReportStatus.VERIFIED, None, START)
        second = await judge_pending(db, loaded, None)
        assert some in first.pending
        assert some not in second.pending
        async with db.transaction() as conn:  # a new report, counted at once
            await _ledger_one(town, conn)
        third = await judge_pending(db, loaded, None)
        assert len(third.pending) == len(second.pending) + 1
    finally:
        await town.services.db.close()


async def _ledger_one(town: Town, conn: aiosqlite.Connection) -> None:
    record = await town.campaign()
    rows = await town.services.db.reader.execute_fetchall("SELECT id FROM members WHERE name = '甲一'")
    member = int(next(iter(rows))[0])
    await conn.execute(
        "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, created_at) "
        "VALUES (?, ?, 'visit', 2, 'text', 1, 99999, ?)",
        (record.id, member, int(START.timestamp())),
    )
