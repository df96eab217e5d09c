"""Acknowledgements owed in the report's own transaction (SPEC §9): listed until sent, then never owed
again by a redelivery of the same message; keys and counts only, never the member's text."""

from __future__ import annotations

from bot.domain.origin import MessageKey
from bot.domain.parser import ParsedItem
from bot.services.acks import AckService
from bot.services.clock import ManualClock
from bot.services.reporting import ReportService
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from bot.storage.db import Database
from bot.storage.org import MemberRecord, MemberRepo

from .conftest import NOW, seed


async def _setup(db: Database) -> tuple[ReportService, AckService, CampaignRecord, MemberRecord]:
    cid, mid = await seed(db)
    record, member = await CampaignRepo(db.reader).get_by_id(cid), await MemberRepo(db.reader).get(mid)
    assert record is not None
    assert member is not None
    return ReportService(db, ManualClock(NOW)), AckService(db, ManualClock(NOW)), record, member


async def test_a_reports_acknowledgement_is_owed_until_sent_and_a_redelivery_then_owes_none(db: Database) -> None:
    reports, acks, record, member = await _setup(db)
    key = MessageKey(1001, 60)
    first = await reports.from_message(record, member, [ParsedItem("visit", 3)], key, 1001)
    assert first.owed
    assert not first.duplicate
    [owed] = await acks.open()
    assert owed.key == key
    assert [(t.key, n) for t, n in owed.items] == [("visit", 3)]
    again = await reports.from_message(record, member, [ParsedItem("visit", 3)], key, 1001)
    assert again.duplicate  # redelivered before it was sent: still owed (sent once by the lane)
    assert again.owed
    await acks.done({key: "sent"})
    assert await acks.open() == []
    late = await reports.from_message(record, member, [ParsedItem("visit", 3)], key, 1001)
    assert late.duplicate  # answered already: not answered again
    assert not late.owed


async def test_an_owed_acknowledgement_whose_report_an_edit_corrected_is_moot(db: Database) -> None:
    reports, acks, record, member = await _setup(db)
    original, edit = MessageKey(1001, 61), MessageKey(1001, 61, 1_800_000_000)
    await reports.from_message(record, member, [ParsedItem("visit", 5)], original, 1001)
    await reports.from_message(record, member, [ParsedItem("visit", 7)], edit, 1001)
    [owed] = await acks.open()  # the original's is moot (its entry was corrected); the edit's is owed
    assert owed.key == edit
    assert [(t.key, n) for t, n in owed.items] == [("visit", 7)]
