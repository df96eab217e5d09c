"""The book's sums and both backlogs from the kept day sums are the ledger's at any offset the sums can be
kept at — a non-whole-hour one (Asia/Kathmandu +05:45, America/St_Johns -03:30), +14:00 — for a moment at
a report's very second, one second before and after it, and at the offset's midnights and one second
either side of them (the recent window's start early in a campaign is its start, no midnight)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

from bot.storage.day_sums import DaySumRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo

from .conftest import seed
from .ledger_writes import _member, _write

_OFFSETS = (5 * 3600 + 45 * 60, -(3 * 3600 + 30 * 60), 14 * 3600)


async def _moments(db: Database, offset: int, rng: random.Random) -> list[datetime]:
    sent = sorted({int(r[0]) for r in await db.reader.execute_fetchall("SELECT created_at FROM reports")})
    picked = rng.sample(sent, min(8, len(sent)))
    midnights = {(t + offset) // 86_400 * 86_400 - offset for t in picked}
    seconds = {t + d for t in (*picked, *midnights) for d in (-1, 0, 1)}
    return [datetime.fromtimestamp(t, UTC) for t in sorted(seconds)]


async def test_the_books_sums_and_backlogs_agree_at_offsets_off_the_hour(db: Database) -> None:
    cid, first = await seed(db)
    members = [first, await _member(db, "李四"), await _member(db, "王五")]
    rng = random.Random(11)
    await _write(db, cid, members, rng, 60)
    for offset in _OFFSETS:
        async with db.transaction() as conn:
            await DaySumRepo(conn).build(cid, offset)
        await _write(db, cid, members, rng, 20)
        ledger, kept = ReportRepo(db.reader), DaySumRepo(db.reader)
        for since in await _moments(db, offset, rng):
            local = since.astimezone(timezone(timedelta(seconds=offset)))  # the campaign's zone, as callers hand it
            expected = sorted(await ledger.aggregates(cid, local), key=lambda a: (a.member_id, a.task))
            found = sorted(await kept.aggregates(cid, offset, since), key=lambda a: (a.member_id, a.task))
            assert found == expected, (offset, since)
            every, earlier = await kept.backlogs(cid, offset, int(since.timestamp()))
            assert every == await ledger.pending_counts(cid), (offset, since)
            assert earlier == await ledger.pending_counts(cid, since), (offset, since)
