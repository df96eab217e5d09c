"""The standing in an acknowledgement is read after the report's commit, whatever else is reading.

Updates of different chats run concurrently and share the reader connection; a statement another
task stepped but has not finished keeps that connection's read transaction — and its snapshot —
open across awaits. The acknowledgement must still show the report it acknowledges."""

from __future__ import annotations

from bot.domain.model import Assignee, ReportSource
from bot.domain.origin import MessageKey, Origin
from bot.domain.parser import ParsedItem
from bot.services.clock import ManualClock
from bot.services.progress import ProgressService
from bot.services.reporting import ReportService
from bot.storage.campaigns import CampaignRepo
from bot.storage.db import Database
from bot.storage.org import MemberRepo

from .conftest import NOW, seed


async def test_the_standing_of_a_report_just_committed_counts_it_while_another_read_is_open(db: Database) -> None:
    cid, mid = await seed(db)
    clock = ManualClock(NOW)
    record = await CampaignRepo(db.reader).get_by_id(cid)
    member = await MemberRepo(db.reader).get(mid)
    assert record is not None
    assert member is not None
    other = await db.reader.execute("SELECT id FROM campaigns UNION ALL SELECT id FROM campaigns")
    await other.fetchone()  # another chat's statement, stepped and not yet finished: a snapshot is open
    try:
        origin = Origin(ReportSource.TEXT, 1001, 7, 0)
        await ReportService(db, clock).submit(record, member, [ParsedItem("visit", 5)], origin)
        loaded = await ProgressService(db, clock).load(record, only_member=member)
        standing = loaded.book.standing(Assignee.member(member.key))
        assert sum(t.done for t in standing.tasks) == 5
    finally:
        await other.close()


async def test_a_text_report_comes_back_with_a_standing_that_counts_it_and_an_earlier_one(db: Database) -> None:
    cid, mid = await seed(db)
    clock = ManualClock(NOW)
    record = await CampaignRepo(db.reader).get_by_id(cid)
    member = await MemberRepo(db.reader).get(mid)
    assert record is not None
    assert member is not None
    reports = ReportService(db, clock)
    await reports.from_message(record, member, [ParsedItem("visit", 2)], MessageKey(1001, 6, 0), 1001)
    result = await reports.from_message(record, member, [ParsedItem("visit", 5)], MessageKey(1001, 7, 0), 1001)
    assert result.standing is not None  # read in the report's own transaction: no second read for the reply
    standing = ProgressService.member_book(result.standing).book.standing(Assignee.member(member.key))
    assert sum(t.done for t in standing.tasks) == 7
