"""Acknowledgements owed to members (SPEC §9): what is still owed, and marking one done.

The report services record an acknowledgement as owed in the transaction that commits the report;
bot/chat/acks.py sends it and reports back here. What a reply says is composed again from the ledger
(the member's text was never stored), so one left owed by a crash can be sent after a restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.model import ReportSource, TaskType
from bot.domain.origin import MessageKey
from bot.services.clock import Clock
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRecord, MemberRepo
from bot.storage.replies import OwedReplyRepo

KEEP_DONE = timedelta(days=2)  # longer than Telegram keeps an update: a redelivery still finds its row
FORGET_EVERY = 500  # replies marked done between two clean-ups of the old rows


@dataclass(frozen=True, slots=True)
class OwedAck:
    """An acknowledgement still owed, with what its text is composed from."""

    key: MessageKey
    campaign: CampaignRecord
    member: MemberRecord
    items: tuple[tuple[TaskType, int], ...]
    work_date: date | None = None  # the earlier day the member named (昨天走访5), as the ledger keeps it


class AckService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self._marked = 0

    async def open(self) -> list[OwedAck]:
        """Every acknowledgement still owed (left by a crash or a stop), oldest first. One whose
        member or campaign is gone, or whose report a later edit corrected, is moot."""
        reader = self.db.reader
        found: list[OwedAck] = []
        for owed in await OwedReplyRepo(reader).open():
            campaign = await CampaignRepo(reader).get_by_id(owed.campaign_id)
            member = await MemberRepo(reader).get(owed.member_id)
            rows = await ReportRepo(reader).by_message(owed.key.chat_id, owed.key.message_id)
            tasks = {t.key: t for t in campaign.campaign.tasks} if campaign else {}
            mine = [
                r
                for r in rows
                if r.revision == owed.key.revision and r.source is not ReportSource.CORRECTION and r.task in tasks
            ]
            items = tuple((tasks[r.task], r.delta) for r in mine)
            if campaign is None or member is None or not items:  # gone, or corrected by a later edit
                await self.done({owed.key: "moot"})
                continue
            found.append(OwedAck(owed.key, campaign, member, items, mine[0].work_date))
        return found

    async def done(self, marks: Mapping[MessageKey, str]) -> None:
        """Each reply `sent`, `refused` (by Telegram, for good) or `moot`: nothing is owed any more.
        One transaction for many: under a burst the marks of many replies share one commit."""
        now = self.clock()
        async with self.db.transaction() as conn:
            repo = OwedReplyRepo(conn)
            await repo.done(marks, now)
            before, self._marked = self._marked, self._marked + len(marks)
            if before // FORGET_EVERY != self._marked // FORGET_EVERY:
                await repo.forget_done(now - KEEP_DONE)
