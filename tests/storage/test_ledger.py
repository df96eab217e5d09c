"""The report ledger against a real SQLite file: idempotency, corrections, concurrency, crashes."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain.model import ReportSource, ReportStatus
from bot.domain.origin import MessageKey, Origin
from bot.domain.parser import ParsedItem
from bot.services.clock import ManualClock
from bot.services.reporting import ReportService
from bot.storage.campaigns import CampaignRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRepo

from .conftest import NOW, seed, small_campaign


async def _total(db: Database, cid: int) -> int:
    aggs = await ReportRepo(db.reader).aggregates(cid, NOW - timedelta(days=7))
    return sum(a.total for a in aggs)


async def test_the_same_message_recorded_twice_is_stored_once(db: Database) -> None:
    cid, mid = await seed(db)
    origin = Origin(ReportSource.TEXT, chat_id=1001, message_id=7)
    async with db.transaction() as conn:
        first = await ReportRepo(conn).append(cid, mid, "visit", 5, origin, NOW)
    async with db.transaction() as conn:
        again = await ReportRepo(conn).append(cid, mid, "visit", 5, origin, NOW)
    assert first is not None
    assert again is None
    assert await _total(db, cid) == 5


async def test_one_message_may_carry_several_tasks(db: Database) -> None:
    cid, mid = await seed(db)
    origin = Origin(ReportSource.TEXT, chat_id=1001, message_id=8)
    async with db.transaction() as conn:
        repo = ReportRepo(conn)
        assert await repo.append(cid, mid, "visit", 5, origin, NOW) is not None
        assert await repo.append(cid, mid, "checkup", 3, origin, NOW) is not None
    assert await _total(db, cid) == 8


async def test_an_entry_is_corrected_at_most_once(db: Database) -> None:
    cid, mid = await seed(db)
    async with db.transaction() as conn:
        repo = ReportRepo(conn)
        rid = await repo.append(cid, mid, "visit", 5, Origin(ReportSource.TEXT, 1001, 9), NOW)
        row = await repo.get(rid or 0)
        assert row is not None
        fix = Origin(ReportSource.CORRECTION, 1001, 10)
        assert await repo.append(cid, mid, "visit", -5, fix, NOW, corrects=row) is not None
        assert await repo.append(cid, mid, "visit", -5, fix, NOW, corrects=row) is None
    assert await _total(db, cid) == 0


async def test_rejected_entries_and_their_corrections_do_not_count(db: Database) -> None:
    cid, mid = await seed(db)
    async with db.transaction() as conn:
        repo = ReportRepo(conn)
        rid = await repo.append(cid, mid, "visit", 7, Origin(ReportSource.TEXT, 1001, 11), NOW)
        assert rid is not None
        assert await repo.set_status([rid], ReportStatus.REJECTED, None, NOW) == 1
    assert await _total(db, cid) == 0


async def test_a_failed_transaction_leaves_nothing_behind(db: Database) -> None:
    cid, mid = await seed(db)

    async def crash_before_commit() -> None:
        async with db.transaction() as conn:
            await ReportRepo(conn).append(cid, mid, "visit", 5, Origin(ReportSource.TEXT, 1001, 12), NOW)
            raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError, match="crash before commit"):
        await crash_before_commit()
    assert await _total(db, cid) == 0


async def test_concurrent_writers_on_two_connections_all_commit(db: Database) -> None:
    cid, mid = await seed(db)
    other = await Database.open(db.path)
    try:

        async def write(database: Database, chat: int) -> None:
            for i in range(50):
                async with database.transaction() as conn:
                    await ReportRepo(conn).append(cid, mid, "visit", 1, Origin(ReportSource.TEXT, chat, i), NOW)

        await asyncio.gather(write(db, 1), write(other, 2), write(db, 3))
    finally:
        await other.close()
    assert await _total(db, cid) == 150


WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import datetime, UTC
    from bot.domain.model import ReportSource
    from bot.storage.db import Database
    from bot.storage.ledger import MessageKey, Origin, ReportRepo
from bot.storage.org import MemberRepo

    async def main():
        db = await Database.open(sys.argv[1])
        cid, mid = int(sys.argv[2]), int(sys.argv[3])
        i = 0
        while True:
            async with db.transaction() as conn:
                await ReportRepo(conn).append(cid, mid, "visit", 1, Origin(ReportSource.TEXT, 77, i), datetime.now(UTC))
            print(i, flush=True)  # printed only after COMMIT returned: an acknowledged write
            i += 1

    asyncio.run(main())
    """
)


async def test_kill_9_mid_write_keeps_every_committed_row_and_integrity(db: Database) -> None:
    cid, mid = await seed(db)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db.path), str(cid), str(mid)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert proc.stdout is not None
    acknowledged = -1
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 200:
            break
    os.kill(proc.pid, signal.SIGKILL)
    # Lines still in the pipe were acknowledged before the kill too.
    for line in proc.stdout.read().splitlines():
        acknowledged = int(line)
    proc.wait()
    reopened = await Database.open(db.path)
    try:
        assert await reopened.integrity_ok()
        async with reopened.reader.execute("SELECT COUNT(*) FROM reports WHERE chat_id = 77") as cur:
            row = await cur.fetchone()
        assert row is not None
        stored = row[0]
    finally:
        await reopened.close()
    # Every acknowledged row is there; at most the one in flight beyond it.
    assert acknowledged + 1 <= stored <= acknowledged + 2


@pytest.mark.parametrize("delta", [1_000_001, -1_000_001, 2**63 - 1])
async def test_the_ledger_refuses_a_delta_beyond_a_million(db: Database, delta: int) -> None:
    cid, mid = await seed(db)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await ReportRepo(conn).append(cid, mid, "visit", delta, Origin(ReportSource.TEXT, 1001, 40), NOW)
    async with db.transaction() as conn:  # the bound itself is fine
        assert await ReportRepo(conn).append(cid, mid, "visit", 1_000_000, Origin(ReportSource.TEXT, 1001, 41), NOW)
    assert await _total(db, cid) == 1_000_000


async def test_one_undo_message_corrects_one_submission_only(db: Database) -> None:
    cid, mid = await seed(db)
    record, member = await CampaignRepo(db.reader).get_by_id(cid), await MemberRepo(db.reader).get(mid)
    assert record is not None
    assert member is not None
    reports = ReportService(db, ManualClock(NOW))
    for message_id, count in ((50, 3), (51, 4)):
        await reports.submit(record, member, [ParsedItem("visit", count)], Origin(ReportSource.TEXT, 1001, message_id))
    first = await reports.undo(record, member, 1001, 52)
    again = await reports.undo(record, member, 1001, 52)  # the same /undo delivered again
    assert not first.again
    assert again.again
    assert [(r.task, r.delta) for r in first.rows] == [(r.task, r.delta) for r in again.rows] == [("visit", 4)]
    assert await _total(db, cid) == 3


async def test_an_edit_corrects_the_entry_in_the_campaign_it_was_recorded_in(db: Database) -> None:
    # The member switched campaigns (/campaign) between sending and editing a message.
    first, mid = await seed(db)
    async with db.transaction() as conn:
        second = await CampaignRepo(conn).save(replace(small_campaign(), key="c2", name="春季服务"), NOW)
        await MemberRepo(conn).set_campaign_members(second, [mid])
    repo = CampaignRepo(db.reader)
    one, two, member = await repo.get_by_id(first), await repo.get_by_id(second), await MemberRepo(db.reader).get(mid)
    assert one is not None
    assert two is not None
    assert member is not None
    reports = ReportService(db, ManualClock(NOW))
    await reports.from_message(one, member, [ParsedItem("visit", 5)], MessageKey(1001, 60), 1001)
    await reports.from_message(two, member, [ParsedItem("visit", 7)], MessageKey(1001, 60, 1), 1001)
    assert await _total(db, first) == 0  # the 5 is corrected where it was counted …
    assert await _total(db, second) == 7  # … and not subtracted from the other campaign
