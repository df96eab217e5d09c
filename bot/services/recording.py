"""What every report write shares (SPEC §3.2, §9): the result a reply is composed from, and
recording one message revision (an edit, a confirmed count) inside the caller's transaction. The
use cases (bot/services/reporting.py, the "are you sure?" answers, /undo) open the transaction; this
module only acts within it. The checks a count passes are the directory's (bot/services/directory.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.errors import DomainError
from bot.domain.model import Assignee, ReportSource, ReportStatus
from bot.domain.origin import MessageKey
from bot.domain.standing import Standing
from bot.services.directory import Resolved, check, too_large, work_day
from bot.services.progress import MemberReads, ProgressService
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRecord

# The checks live with the directory; proxy reports (bot/services/proxy.py) take them from here too.
__all__ = [
    "NeedsConfirmation",
    "QuestionClosed",
    "Recorded",
    "Resolved",
    "check",
    "large",
    "refuse_if_cancelled",
    "still_running",
    "too_large",
    "work_day",
    "write_revision",
]


class NeedsConfirmation(DomainError):
    """A count above the task's max_per_report: ask "are you sure?" before recording anything."""

    key = "report.confirm_large"


class QuestionClosed(DomainError):
    """An "are you sure?" button whose question is gone: answered, or its message edited since."""

    key = "report.confirm_stale"


@dataclass(frozen=True, slots=True)
class Recorded:
    """A report written (or found written before): what its acknowledgement is composed from."""

    campaign: CampaignRecord
    member: MemberRecord
    items: Resolved
    duplicate: bool  # the same message was recorded before: nothing new was written
    owed: bool = True  # its acknowledgement is owed (False: a redelivery whose acknowledgement was sent)
    # What the member's standing is built from, read in the transaction that recorded the report (so
    # it counts it, with no second turn at the write lock).
    standing: MemberReads | None = None
    parts: tuple[tuple[str, tuple[int, ...]], ...] = ()  # task key → the counts one message summed
    work_date: date | None = None  # the day the member said the work was done (None: today)

    def standing_now(self) -> Standing:
        """The member's standing counting this report, built from the reads of its own transaction.
        Every result a reply is composed from carries them (only a redelivery whose acknowledgement
        was sent lacks them, and it is answered by nothing)."""
        assert self.standing is not None, "read in the report's transaction"
        book = ProgressService.member_book(self.standing).book
        return book.standing(Assignee.member(self.member.key))


def refuse_if_cancelled(record: CampaignRecord, cancelled: bool) -> None:
    if cancelled:
        raise DomainError("report.campaign_cancelled", campaign=record.campaign.name)


async def still_running(conn: aiosqlite.Connection, record: CampaignRecord) -> None:
    """`check` judged the campaign as read before the write lock was taken; a cancellation committed
    since then must still stop the report. Asked again inside the writing transaction, under its lock."""
    refuse_if_cancelled(record, await CampaignRepo(conn).is_cancelled(record.id))


async def write_revision(
    conn: aiosqlite.Connection,
    record: CampaignRecord,
    member: MemberRecord,
    resolved: Resolved,
    message: MessageKey,
    now: datetime,
    *,
    ask: bool,
    work_date: date | None = None,
) -> Recorded | None:
    """Record one message revision; an edit corrects what the message recorded before. A redelivered
    or older revision is a duplicate. None when it must be confirmed first (nothing written)."""
    await still_running(conn, record)
    chat_id, message_id, revision = message.chat_id, message.message_id, message.revision
    repo = ReportRepo(conn)
    latest, live = await repo.message_state(chat_id, message_id)
    if latest is not None and latest >= revision:
        return Recorded(record, member, resolved, duplicate=True)
    old = [r for r in live if r.member_id == member.id]
    # A reviewed report is immutable to its reporter: the edit changes no count (README policy).
    if any(r.status is ReportStatus.VERIFIED for r in old):
        raise DomainError("report.edit_verified")
    if any(r.status is ReportStatus.REJECTED for r in old):
        raise DomainError("report.edit_rejected")
    if ask and too_large(resolved):
        return None
    fix = message.origin(ReportSource.CORRECTION)
    for row in old:  # in the campaign the entry was counted in, even if the member switched since
        await repo.append(row.campaign_id, member.id, row.task, -row.delta, fix, now, corrects=row)
    origin = message.origin(ReportSource.TEXT)
    await repo.append_many(record.id, member.id, [(task.key, n) for task, n in resolved], origin, now, work_date)
    return Recorded(record, member, resolved, duplicate=False, work_date=work_date)


def large(resolved: Resolved) -> NeedsConfirmation:
    task, count = too_large(resolved) or resolved[0]
    return NeedsConfirmation(task=task.name, count=count, unit=task.unit, limit=task.max_per_report)
