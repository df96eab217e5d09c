"""The ledger's per-(member, task) sums carry both numbers a view shows: reported and verified."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.model import ReportSource, ReportStatus
from bot.domain.origin import Origin
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo

from .conftest import NOW, seed


async def test_aggregates_sum_reported_and_verified_work_and_leave_rejected_work_out(db: Database) -> None:
    cid, mid = await seed(db)
    async with db.transaction() as conn:
        repo = ReportRepo(conn)
        ids = [
            await repo.append(cid, mid, "visit", n, Origin(ReportSource.TEXT, chat_id=1, message_id=i), when)
            for i, (n, when) in enumerate([(5, NOW), (3, NOW - timedelta(days=9)), (2, NOW), (7, NOW)])
        ]
        assert None not in ids
        first, second, _, fourth = (i for i in ids if i is not None)
        await repo.set_status([first, second], ReportStatus.VERIFIED, None, NOW)  # 5 + 3 verified
        await repo.set_status([fourth], ReportStatus.REJECTED, None, NOW)  # 7 rejected: counts nowhere
    (agg,) = await ReportRepo(db.reader).aggregates(cid, NOW - timedelta(days=7))
    assert (agg.total, agg.recent) == (10, 7)  # 5 + 3 + 2 reported; 5 + 2 in the last 7 days
    assert (agg.verified, agg.verified_recent) == (8, 5)


async def test_pending_counts_are_per_member_and_leave_out_decided_undone_and_recent_reports(db: Database) -> None:
    cid, mid = await seed(db)
    async with db.transaction() as conn:
        repo = ReportRepo(conn)
        old = Origin(ReportSource.TEXT, chat_id=1, message_id=1)
        ids = [
            await repo.append(cid, mid, "visit", 1, old, NOW - timedelta(days=5)),
            await repo.append(cid, mid, "visit", 2, Origin(ReportSource.TEXT, chat_id=1, message_id=2), NOW),
            await repo.append(cid, mid, "visit", 3, Origin(ReportSource.TEXT, chat_id=1, message_id=3), NOW),
        ]
        decided = ids[2]
        assert decided is not None
        await repo.set_status([decided], ReportStatus.VERIFIED, None, NOW)
    reader = ReportRepo(db.reader)
    assert await reader.pending_counts(cid) == {mid: 2}  # the verified one is no longer pending
    assert await reader.pending_counts(cid, NOW - timedelta(days=3)) == {mid: 1}  # waiting over 3 days
