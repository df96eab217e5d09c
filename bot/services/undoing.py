"""/undo (SPEC §3.2): the member's last submission is reverted by correction entries, only while
unreviewed, or an open "are you sure?" is withdrawn instead. Keyed by the /undo message itself."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.errors import DomainError
from bot.domain.model import ReportSource, ReportStatus
from bot.domain.origin import Origin
from bot.domain.parser import ParsedItem
from bot.services.clock import Clock
from bot.storage.campaigns import CampaignRecord
from bot.storage.confirmations import ConfirmationRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo, ReportRow
from bot.storage.org import MemberRecord
from bot.storage.undos import UndoRepo


@dataclass(frozen=True, slots=True)
class Undone:
    campaign: CampaignRecord  # whose task names the reply shows
    rows: list[ReportRow]  # the entries reverted
    again: bool  # this /undo message was handled before: nothing more was reverted
    withdrawn: tuple[ParsedItem, ...] = ()  # an open "are you sure?" withdrawn instead (nothing was recorded)


async def undo(
    db: Database, clock: Clock, record: CampaignRecord, member: MemberRecord, chat_id: int, message_id: int
) -> Undone:
    """Delivered again, the same /undo says what it reverted and reverts nothing more."""
    async with db.transaction() as conn:
        undos = UndoRepo(conn)
        if not await undos.claim_undo(chat_id, message_id, member.id, clock()):
            return Undone(record, await undos.undone_by(chat_id, message_id), again=True)
        last = await undos.last_undoable(record.id, member.id)
        # The member's latest act may be a message the bot is still asking about ("are you sure?"):
        # that is what /undo takes back, never an earlier report that was acknowledged.
        since = max((r.created_at for r in last), default=None)
        question = await ConfirmationRepo(conn).withdraw_newest(record.id, member.id, since)
        if question is not None:
            return Undone(record, [], again=False, withdrawn=question.items)
        if not last:
            raise DomainError("undo.nothing")  # rolls the claim back: asking again is answered again
        if any(r.status is not ReportStatus.REPORTED for r in last):
            raise DomainError("undo.already_verified")
        fix = Origin(ReportSource.CORRECTION, chat_id, message_id)
        for row in last:
            await ReportRepo(conn).append(record.id, member.id, row.task, -row.delta, fix, clock(), corrects=row)
    return Undone(record, last, again=False)
