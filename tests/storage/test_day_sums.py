"""The day sums (migration v12) always equal a fresh GROUP BY of the ledger, whatever the writes: reports,
named work days, corrections (undo, edit) up to three days later, verify / reject (corrections follow),
deletions, a correction moved to another entry; and the campaign's version grows with each write, in the
same transaction. After the bot's own writes they date every entry by the one day rule (README)."""

from __future__ import annotations

import random
from datetime import datetime

from bot.storage.day_sums import DaySumRepo
from bot.storage.db import Database
from tests.counted_rule import by_the_rule, kept

from .conftest import NOW, seed
from .ledger_writes import BOT_WRITES, OFFSET, _member, _write


async def test_the_day_sums_equal_a_fresh_grouping_of_the_ledger_after_any_writes(db: Database) -> None:
    cid, first = await seed(db)
    members = [first, await _member(db, "李四"), await _member(db, "王五")]
    rng = random.Random(11)
    await _write(db, cid, members, rng, 30)  # before the sums exist: built from these rows
    async with db.transaction() as conn:
        await DaySumRepo(conn).build(cid, OFFSET)
    repo = DaySumRepo(db.reader)
    assert await repo.rows(cid) == await repo.fresh(cid, OFFSET)
    for _ in range(8):
        await _write(db, cid, members, rng, 25)
        assert await repo.rows(cid) == await repo.fresh(cid, OFFSET)
    assert {r[5] for r in await repo.rows(cid)} == {0, 1}  # corrections and corrected entries were kept too


async def test_after_the_bots_writes_the_day_sums_date_every_entry_by_the_one_day_rule(db: Database) -> None:
    cid, first = await seed(db)
    members = [first, await _member(db, "李四")]
    rng = random.Random(18)
    await _write(db, cid, members, rng, 40, BOT_WRITES)  # before the sums exist: built from these rows
    async with db.transaction() as conn:
        await DaySumRepo(conn).build(cid, OFFSET)
    assert await kept(db.reader, cid) == await by_the_rule(db.reader, cid, OFFSET)
    for _ in range(6):
        await _write(db, cid, members, rng, 25, BOT_WRITES)
        assert await kept(db.reader, cid) == await by_the_rule(db.reader, cid, OFFSET)
    moved = await db.reader.execute_fetchall("SELECT COUNT(*) FROM reports WHERE counted_at IS NOT NULL")
    assert next(iter(moved))[0] > 10  # corrections and edits were dated by the entries they fix


async def test_a_campaign_without_built_sums_keeps_none(db: Database) -> None:
    cid, member = await seed(db)
    await _write(db, cid, [member], random.Random(3), 10)
    repo = DaySumRepo(db.reader)
    assert await repo.zone(cid) is None
    assert await repo.rows(cid) == set()


async def test_every_ledger_write_grows_the_version_in_its_own_transaction(db: Database) -> None:
    cid, member = await seed(db)
    async with db.transaction() as conn:
        await DaySumRepo(conn).build(cid, OFFSET)
    repo = DaySumRepo(db.reader)
    before = await repo.zone(cid)
    assert before is not None
    assert before.offset_seconds == OFFSET
    versions = [before.version]
    for rng_seed in range(4):
        await _write(db, cid, [member], random.Random(rng_seed), 1)
        zone = await repo.zone(cid)
        assert zone is not None
        versions.append(zone.version)
    assert versions == sorted(set(versions))  # strictly growing
    try:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO reports (campaign_id, member_id, task, delta, source, created_at) "
                "VALUES (?, ?, 'visit', 1, 'command', ?)",
                (cid, member, int(datetime(2026, 11, 19, tzinfo=NOW.tzinfo).timestamp())),
            )
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    after = await repo.zone(cid)
    assert after is not None
    assert after.version == versions[-1]
    assert await repo.rows(cid) == await repo.fresh(cid, OFFSET)


async def test_building_at_another_offset_starts_over(db: Database) -> None:
    cid, member = await seed(db)
    await _write(db, cid, [member], random.Random(5), 20)
    async with db.transaction() as conn:
        await DaySumRepo(conn).build(cid, OFFSET)
        await DaySumRepo(conn).build(cid, 0)
    repo = DaySumRepo(db.reader)
    zone = await repo.zone(cid)
    assert zone is not None
    assert zone.offset_seconds == 0
    assert zone.version == 1
    assert await repo.rows(cid) == await repo.fresh(cid, 0)
