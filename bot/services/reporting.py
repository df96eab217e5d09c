"""Use cases on the report ledger: submit, edit, undo (SPEC §3.2, §9).

Every write is one BEGIN IMMEDIATE transaction; the caller acknowledges only after this returns,
so an acknowledged report is committed. Idempotency comes from the ledger's unique indexes, not
from in-memory state, so it survives restarts and redeliveries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import aiosqlite

from bot.domain.errors import DomainError, InvalidInput, NotAllowed
from bot.domain.model import ReportSource, ReportStatus, TaskType
from bot.domain.origin import MessageKey, Origin
from bot.domain.parser import ABSURD_LIMIT, ParsedItem, example_report
from bot.services.clock import Clock
from bot.services.progress import MemberReads, ProgressService
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from bot.storage.confirmations import Confirmation, ConfirmationRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo, ReportRow
from bot.storage.org import MemberRecord, MemberRepo
from bot.storage.replies import OwedReply, OwedReplyRepo


class NeedsConfirmation(DomainError):
    """A count above the task's max_per_report: ask "are you sure?" before recording anything."""

    key = "report.confirm_large"


class QuestionClosed(DomainError):
    """An "are you sure?" button whose question is gone: answered, or its message edited since."""

    key = "report.confirm_stale"


@dataclass(frozen=True, slots=True)
class Recorded:
    campaign: CampaignRecord
    member: MemberRecord
    items: tuple[tuple[TaskType, int], ...]
    duplicate: bool  # the same message was recorded before: nothing new was written
    owed: bool = True  # its acknowledgement is owed (False: a redelivery whose acknowledgement was sent)
    # What the member's standing is built from, read in the transaction that recorded the report (so
    # it counts it); None where the caller loads the standing itself.
    standing: MemberReads | None = None


@dataclass(frozen=True, slots=True)
class Undone:
    rows: list[ReportRow]  # the entries reverted
    again: bool  # this /undo message was handled before: nothing more was reverted
    withdrawn: tuple[ParsedItem, ...] = ()  # an open "are you sure?" withdrawn instead (nothing was recorded)


class ReportService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.progress = ProgressService(db, clock)

    async def _check(
        self, record: CampaignRecord, member: MemberRecord, items: Sequence[ParsedItem]
    ) -> list[tuple[TaskType, int]]:
        """The checks every count passes, typed, pressed or confirmed."""
        campaign, now = record.campaign, self.clock()
        if campaign.cancelled:
            raise DomainError("report.campaign_cancelled", campaign=campaign.name)
        if now < campaign.start:
            raise DomainError(
                "report.not_started", campaign=campaign.name, start=campaign.start.strftime("%Y-%m-%d %H:%M")
            )
        if now > campaign.end:
            raise DomainError("report.ended", campaign=campaign.name, end=campaign.end.strftime("%Y-%m-%d %H:%M"))
        # One roster check per report: the campaign's own read already made it when it was looked
        # up for this member (Directory.current_campaign); a question's campaign was not.
        if record.on_roster != member.id and not await MemberRepo(self.db.reader).is_active(record.id, member.id):
            raise DomainError("report.not_in_campaign", campaign=campaign.name)
        resolved = []
        for item in items:
            task = campaign.task(item.task)
            if task is None:
                raise InvalidInput("report.unknown_task", task=item.task)
            if item.count <= 0:
                raise InvalidInput("parser.not_positive", count=item.count)
            if item.count > ABSURD_LIMIT:
                example = example_report(campaign.tasks)
                raise InvalidInput(
                    "parser.absurd", task=task.name, word=str(item.count), limit=ABSURD_LIMIT, example=example
                )
            resolved.append((task, item.count))
        return resolved

    async def submit(
        self,
        record: CampaignRecord,
        member: MemberRecord,
        items: Sequence[ParsedItem],
        origin: Origin,
        *,
        confirmed: bool = False,
    ) -> Recorded:
        """A report from the /report keyboard (its confirmation screen is the question)."""
        resolved = await self._check(record, member, items)
        if not confirmed:
            _ask_if_large(resolved)
        now = self.clock()
        async with self.db.transaction() as conn:
            repo = ReportRepo(conn)
            # A keyboard message is keyed by its id alone: once someone else's report sits under it (a
            # forged press), this one would collide with theirs and be answered "already recorded" unseen.
            keyed = origin.chat_id is not None and origin.message_id is not None
            if keyed and await repo.reporters(origin.chat_id or 0, origin.message_id or 0) - {member.id}:
                raise NotAllowed("report.not_your_button")
            ids = [await repo.append(record.id, member.id, t.key, n, origin, now) for t, n in resolved]
        return Recorded(record, member, tuple(resolved), duplicate=all(i is None for i in ids))

    async def from_message(
        self,
        record: CampaignRecord,
        member: MemberRecord,
        items: Sequence[ParsedItem],
        message: MessageKey,
        user_id: int,
    ) -> Recorded:
        """A report message (revision 0) or an edit of one (revision = its edit date); its acknowledgement
        is recorded as owed in the same transaction (bot/chat/acks.py sends it).

        An edit corrects what the message recorded before and records the new parse; a redelivered or
        older revision is a no-op. A count above max_per_report records nothing: the question is stored
        with this exact revision (parsed counts only) and NeedsConfirmation is raised; answer() acts on it.
        """
        resolved = await self._check(record, member, items)
        now, asked = self.clock(), None
        async with self.db.transaction() as conn:
            await ConfirmationRepo(conn).supersede(message.chat_id, message.message_id, message.revision)
            result = await self._write(conn, record, member, resolved, message, now, ask=True)
            if result is not None:  # owed in the same commit: the update may be confirmed before it is sent
                owed = OwedReply(message, "report", record.id, member.id)
                if not await OwedReplyRepo(conn).owe(owed, now):
                    result = replace(result, owed=False)
                else:  # the standing the acknowledgement shows: same connection, lock already held
                    result = replace(result, standing=await self.progress.member_reads(conn, record, member))
            else:
                question = Confirmation(
                    message.chat_id,
                    message.message_id,
                    message.revision,
                    campaign_id=record.id,
                    member_id=member.id,
                    user_id=user_id,
                    items=tuple(items),
                    state="open",
                )
                asked = await ConfirmationRepo(conn).ask(question, now)
        if result is not None:
            return result
        if asked is None or asked.state != "open":
            raise QuestionClosed()
        raise _large(resolved)

    async def withdraw_questions(self, chat_id: int, message_id: int, revision: int) -> None:
        """The message was edited: a question about its earlier text must never be acted on, even when
        the new text is no report at all."""
        if not await ConfirmationRepo(self.db.reader).any_open(chat_id, message_id):
            return  # the usual case: no write lock taken for an edited chat message
        async with self.db.transaction() as conn:
            await ConfirmationRepo(conn).supersede(chat_id, message_id, revision)

    async def answer(self, member: MemberRecord, user_id: int, key: MessageKey, yes: bool) -> Recorded | None:
        """The reporter's ✅ / ✖ on an "are you sure?" question: acts once, on exactly what was asked."""
        chat_id, message_id = key.chat_id, key.message_id
        question = await ConfirmationRepo(self.db.reader).get(chat_id, message_id, key.revision)
        if question is None:
            raise QuestionClosed("report.confirm_expired")
        if question.user_id != user_id or question.member_id != member.id:
            raise NotAllowed("report.not_your_button")  # in a group anyone can press; it stays open
        record = await CampaignRepo(self.db.reader).get_by_id(question.campaign_id)
        if record is None:
            raise QuestionClosed("report.confirm_expired")
        resolved = await self._check(record, member, question.items)
        now = self.clock()
        async with self.db.transaction() as conn:
            prompts = ConfirmationRepo(conn)
            if not await prompts.close(chat_id, message_id, key.revision, "confirmed" if yes else "cancelled"):
                raise QuestionClosed()
            latest = await ReportRepo(conn).max_revision(chat_id, message_id)
            if latest is not None and latest > key.revision:
                raise QuestionClosed()  # an edit was recorded after the question (defence in depth)
            if not yes:
                return None
            return await self._write(conn, record, member, resolved, key, now, ask=False)

    async def _write(
        self,
        conn: aiosqlite.Connection,
        record: CampaignRecord,
        member: MemberRecord,
        resolved: Sequence[tuple[TaskType, int]],
        message: MessageKey,
        now: datetime,
        *,
        ask: bool,
    ) -> Recorded | None:
        """Record one message revision; None when it must be confirmed first (nothing written)."""
        chat_id, message_id, revision = message.chat_id, message.message_id, message.revision
        repo = ReportRepo(conn)
        latest, live = await repo.message_state(chat_id, message_id)
        if latest is not None and latest >= revision:
            return Recorded(record, member, tuple(resolved), duplicate=True)
        old = [r for r in live if r.member_id == member.id]
        # A reviewed report is immutable to its reporter: the edit changes no count (README policy).
        if any(r.status is ReportStatus.VERIFIED for r in old):
            raise DomainError("report.edit_verified")
        if any(r.status is ReportStatus.REJECTED for r in old):
            raise DomainError("report.edit_rejected")
        if ask and _too_large(resolved):
            return None
        fix = message.origin(ReportSource.CORRECTION)
        for row in old:  # in the campaign the entry was counted in, even if the member switched since
            await repo.append(row.campaign_id, member.id, row.task, -row.delta, fix, now, corrects=row)
        origin = message.origin(ReportSource.TEXT)
        await repo.append_many(record.id, member.id, [(task.key, n) for task, n in resolved], origin, now)
        return Recorded(record, member, tuple(resolved), duplicate=False)

    async def undo(self, record: CampaignRecord, member: MemberRecord, chat_id: int, message_id: int) -> Undone:
        """Revert the member's last submission by correction entries, only while unreviewed. Keyed by the
        /undo message itself: delivered again, it says what it reverted and reverts nothing more."""
        async with self.db.transaction() as conn:
            repo = ReportRepo(conn)
            if not await repo.claim_undo(chat_id, message_id, member.id, self.clock()):
                return Undone(await repo.undone_by(chat_id, message_id), again=True)
            last = await repo.last_undoable(record.id, member.id)
            # The member's latest act may be a message the bot is still asking about ("are you sure?"):
            # that is what /undo takes back, never an earlier report that was acknowledged.
            since = max((r.created_at for r in last), default=None)
            question = await ConfirmationRepo(conn).withdraw_newest(record.id, member.id, since)
            if question is not None:
                return Undone([], again=False, withdrawn=question.items)
            if not last:
                raise DomainError("undo.nothing")  # rolls the claim back: asking again is answered again
            if any(r.status is not ReportStatus.REPORTED for r in last):
                raise DomainError("undo.already_verified")
            fix = Origin(ReportSource.CORRECTION, chat_id, message_id)
            for row in last:
                await repo.append(record.id, member.id, row.task, -row.delta, fix, self.clock(), corrects=row)
        return Undone(last, again=False)


def _too_large(resolved: Sequence[tuple[TaskType, int]]) -> tuple[TaskType, int] | None:
    return next(((t, n) for t, n in resolved if n > t.max_per_report), None)


def _large(resolved: Sequence[tuple[TaskType, int]]) -> NeedsConfirmation:
    task, count = _too_large(resolved) or resolved[0]
    return NeedsConfirmation(task=task.name, count=count, unit=task.unit, limit=task.max_per_report)


def _ask_if_large(resolved: Sequence[tuple[TaskType, int]]) -> None:
    """A count above the task's max_per_report is recorded only after "are you sure?"."""
    if _too_large(resolved):
        raise _large(resolved)
