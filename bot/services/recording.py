"""What every report write shares (SPEC §3.2, §9): the result a reply is composed from, and
recording one message revision (an edit, a confirmed count) inside the caller's transaction. The
use cases (bot/services/reporting.py, the "are you sure?" answers, /undo) open the transaction; this
module only acts within it. The checks a count passes are the directory's (bot/services/directory.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import aiosqlite

from bot.domain.errors import DomainError, NotAllowed
from bot.domain.model import ReportSource, ReportStatus
from bot.domain.origin import MessageKey, Origin
from bot.domain.parser import ParsedItem
from bot.domain.standing import Standing
from bot.services.clock import Clock
from bot.services.directory import Resolved, check, too_large, work_day
from bot.services.progress import MemberReads, ProgressService
from bot.services.write_guard import Stale, not_on_roster, refuse_if_cancelled, still_authorized, still_running
from bot.storage.campaigns import CampaignRecord
from bot.storage.confirmations import Confirmation, ConfirmationRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRecord
from bot.storage.replies import OwedReply, OwedReplyRepo

# The checks live with the directory, the ones under the write lock in write_guard.py; the use cases
# that write reports (proxy.py, questions.py, senders.py, asking.py) take them from here.
__all__ = [
    "NeedsConfirmation",
    "QuestionClosed",
    "Recorded",
    "Reply",
    "Resolved",
    "Stale",
    "TextReport",
    "check",
    "large",
    "not_on_roster",
    "refuse_if_cancelled",
    "revise",
    "still_authorized",
    "still_running",
    "submit",
    "too_large",
    "work_day",
    "write_revision",
]


@dataclass(frozen=True, slots=True)
class TextReport:
    """A text message as the chat delivered it. The text is parsed in the use case and then dropped:
    only counts and the message key reach the database."""

    key: MessageKey  # revision > 0 for an edit (bot/handlers/report_text.py: edit_revision)
    text: str
    private: bool
    edited: bool
    forwarded: bool  # written by someone else: it reports nobody's work


@dataclass(frozen=True, slots=True)
class Reply:
    """A catalogue text instead of an acknowledgement (how to report, not a member, forwarded)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


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
        return ProgressService.standing_of(self.standing)


async def write_revision(
    conn: aiosqlite.Connection,
    record: CampaignRecord,
    member: MemberRecord,
    resolved: Resolved,
    message: MessageKey,
    now: datetime,
    *,
    ask: bool,
    user_id: int,
    work_date: date | None = None,
    sent_at: datetime | None = None,
) -> Recorded | None:
    """Record one message revision; an edit corrects what the message recorded before. A redelivered
    or older revision is a duplicate. None when it must be confirmed first (nothing written). Raises
    Stale when `member` is no longer on the campaign's roster or linked to `user_id` (still_authorized).
    `sent_at`: when the revision was sent, if before `now` (a question answered later): it counts then."""
    await still_authorized(conn, record, member, user_id)
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
    counts = [(task.key, n) for task, n in resolved]
    await repo.append_many(record.id, member.id, counts, origin, now, work_date, counted_at=sent_at)
    return Recorded(record, member, resolved, duplicate=False, work_date=work_date)


def large(resolved: Resolved) -> NeedsConfirmation:
    task, count = too_large(resolved) or resolved[0]
    return NeedsConfirmation(task=task.name, count=count, unit=task.unit, limit=task.max_per_report)


async def submit(
    db: Database,
    clock: Clock,
    progress: ProgressService,
    record: CampaignRecord,
    member: MemberRecord,
    items: Sequence[ParsedItem],
    origin: Origin,
    *,
    confirmed: bool = False,
) -> Recorded:
    """ReportService.submit(): a report from the /report keyboard (its confirmation screen is the
    question), with the standing its acknowledgement shows."""
    resolved = await check(db, clock(), record, member, items)
    if not confirmed and too_large(resolved):
        raise large(resolved)
    now = clock()
    async with db.transaction() as conn:
        try:  # the presser is the member (looked up by their Telegram id): still on the roster, still linked?
            await still_authorized(conn, record, member, member.member.telegram_user_id or 0)
        except Stale:
            raise not_on_roster(record) from None
        repo = ReportRepo(conn)
        # A keyboard message is keyed by its id alone: once someone else's report sits under it (a
        # forged press), this one would collide with theirs and be answered "already recorded" unseen.
        keyed = origin.chat_id is not None and origin.message_id is not None
        if keyed and await repo.reporters(origin.chat_id or 0, origin.message_id or 0) - {member.id}:
            raise NotAllowed("report.not_your_button")
        ids = [await repo.append(record.id, member.id, t.key, n, origin, now) for t, n in resolved]
        standing = await progress.member_reads(conn, record, member)
    return Recorded(record, member, resolved, duplicate=all(i is None for i in ids), standing=standing)


async def revise(
    db: Database,
    progress: ProgressService,
    record: CampaignRecord,
    member: MemberRecord,
    items: Sequence[ParsedItem],
    resolved: Resolved,
    message: MessageKey,
    user_id: int,
    now: datetime,
    *,
    parts: tuple[tuple[str, tuple[int, ...]], ...] = (),
    work_date: date | None = None,
) -> Recorded:
    """ReportService.from_message() for an edit, or a count above max_per_report: recorded with its
    acknowledgement owed in one transaction, or the "are you sure?" stored for this exact revision
    (NeedsConfirmation raised)."""
    owed = OwedReply(message, "report", record.id, member.id)
    async with db.transaction() as conn:
        await ConfirmationRepo(conn).supersede(message.chat_id, message.message_id, message.revision)
        result = await write_revision(
            conn, record, member, resolved, message, now, ask=True, user_id=user_id, work_date=work_date
        )
        if result is not None:  # owed in the same commit: the update may be confirmed before it is sent
            result = replace(result, parts=parts)
            if not await OwedReplyRepo(conn).owe(owed, now):
                return replace(result, owed=False)
            return replace(result, standing=await progress.member_reads(conn, record, member))
        question = Confirmation(
            message.chat_id,
            message.message_id,
            message.revision,
            campaign_id=record.id,
            member_id=member.id,
            user_id=user_id,
            items=tuple(items),
            state="open",
            work_date=work_date,
        )
        asked = await ConfirmationRepo(conn).ask(question, now)
    if asked.state != "open":
        raise QuestionClosed()
    raise large(resolved)
