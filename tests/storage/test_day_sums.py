"""The day sums (migration v12) always equal a fresh GROUP BY of the ledger, whatever the writes: reports,
named work days, corrections (undo, edit), verify / reject (corrections follow), deletions, a correction
moved to another entry; and the campaign's version grows with each write, in the same transaction."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bot.domain.model import ReportStatus
from bot.storage.day_sums import DaySumRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo

from .conftest import NOW, seed

OFFSET = 8 * 3600


async def _member(db: Database, key: str) -> int:
    async with db.transaction() as conn:
        rows = await conn.execute_fetchall(
            "INSERT INTO members (key, name, unit_code, role) VALUES (?, ?, 'ql', 'cadre') RETURNING id", (key, key)
        )
    return int(next(iter(rows))[0])


async def _write(db: Database, cid: int, members: list[int], rng: random.Random, n: int) -> None:
    """`n` random writes of every kind the ledger sees, each in its own transaction."""
    for _ in range(n):
        ids = [int(r[0]) for r in await db.reader.execute_fetchall("SELECT id FROM reports")]
        live = [
            int(r[0])
            for r in await db.reader.execute_fetchall(
                "SELECT id FROM reports r WHERE source != 'correction' "
                "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id)"
            )
        ]
        kind = rng.choice(["report"] * 5 + ["undo", "verify", "reject", "delete", "move", "edit"])
        async with db.transaction() as conn:
            if kind == "report" or not ids:
                at = NOW + timedelta(minutes=rng.randint(-20 * 1440, 0))
                work = (at - timedelta(days=1)).date().isoformat() if rng.random() < 0.2 else None
                await conn.execute(
                    "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, "
                    "created_at, status, work_date) VALUES (?, ?, ?, ?, 'text', 1, ?, ?, ?, ?)",
                    (
                        cid,
                        rng.choice(members),
                        rng.choice(("visit", "checkup")),
                        rng.choice((1, 2, 3, 10, -1)),
                        rng.randrange(1 << 40),
                        int(at.timestamp()),
                        rng.choice(("reported", "reported", "verified", "rejected")),
                        work,
                    ),
                )
            elif kind == "undo" and live:
                row = await ReportRepo(conn).get(rng.choice(live))
                assert row is not None
                await conn.execute(
                    "INSERT INTO reports (campaign_id, member_id, task, delta, source, created_at, status, "
                    "corrects_id, work_date) VALUES (?, ?, ?, ?, 'correction', ?, ?, ?, ?)",
                    (
                        cid,
                        row.member_id,
                        row.task,
                        -row.delta,
                        int(row.created_at.timestamp()) + rng.randint(0, 90_000),
                        row.status.value,
                        row.id,
                        row.work_date.isoformat() if row.work_date else None,
                    ),
                )
            elif kind in ("verify", "reject"):
                status = ReportStatus.VERIFIED if kind == "verify" else ReportStatus.REJECTED
                await ReportRepo(conn).set_status(rng.sample(ids, min(3, len(ids))), status, None, NOW)
            elif kind == "delete":
                await conn.execute(  # an entry no correction points at (the foreign key), or a correction
                    "DELETE FROM reports WHERE id = (SELECT id FROM reports r WHERE NOT EXISTS "
                    "(SELECT 1 FROM reports c WHERE c.corrects_id = r.id) ORDER BY random() LIMIT 1)"
                )
            elif kind == "move" and live:
                await conn.execute(
                    "UPDATE reports SET corrects_id = ? WHERE id = (SELECT MAX(id) FROM reports "
                    "WHERE source = 'correction')",
                    (rng.choice(live),),
                )
            else:
                await conn.execute(
                    "UPDATE reports SET delta = delta + 1, work_date = ? WHERE id = ?",
                    (rng.choice((None, "2026-11-15")), rng.choice(ids)),
                )


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
