"""Report use cases (SPEC §3.2, §9): a typed message or its edit, a pressed /report keyboard, an "are you
sure?" answered, an /undo — each one service call writing in one transaction and returning what the reply
needs; a reply is owed in the commit it answers for. Idempotency comes from the ledger's unique indexes,
so it survives restarts and redeliveries. A typed report: the directory names the sender and campaign and
checks the counts, the parser reads them, bot/storage/first_text.py record_first writes the rows, the owed
reply and the standing's reads in one trip; edits and confirmed counts take bot/services/recording.py's way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from bot.domain.errors import DomainError
from bot.domain.forecast import recent_since
from bot.domain.origin import MessageKey, Origin
from bot.domain.parser import (
    ParsedItem,
    ReportParseError,
    example_report,
    looks_like_report,
    mentions_task_first,
    read_report,
)
from bot.services import asking, questions, undoing
from bot.services.asking import Asked
from bot.services.clock import Clock
from bot.services.directory import check, too_large, work_day
from bot.services.edits import StillCounted, still_counted
from bot.services.progress import MemberReads, ProgressService
from bot.services.recording import NeedsConfirmation, QuestionClosed, Recorded, Reply, TextReport, revise, submit
from bot.services.senders import Sender, Senders, Stale, refused_if_stale, typed
from bot.services.undoing import Undone
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.first_text import record_first
from bot.storage.org import MemberRecord
from bot.storage.replies import OwedReply

if TYPE_CHECKING:
    from bot.services.directory import Actor, Directory
    from bot.services.sharing import SharingService

__all__ = ["Asked", "NeedsConfirmation", "QuestionClosed", "Recorded", "Reply", "ReportService", "TextReport", "Undone"]


class ReportService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        directory: Directory | None = None,
        sharing: SharingService | None = None,
        senders: Senders | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.progress = ProgressService(db, clock)
        # Only text() asks who is talking where; the write use cases below are given the campaign.
        self._directory = directory
        self._sharing = sharing
        self._senders = senders

    async def typed(
        self, user_id: int, language_code: str | None, report: TextReport
    ) -> tuple[Actor, Recorded | Asked | Reply | StillCounted | NeedsConfirmation | None]:
        """text() for a sender named by their Telegram id, tried first on their kept context with no
        read before the write (bot/services/senders.py typed), with the actor it was decided for."""
        assert self._directory is not None, "built by Services.build"
        assert self._senders is not None, "built by Services.build"
        return await typed(self, self._directory, self._senders, user_id, language_code, report)

    async def text(self, actor: Actor, report: TextReport) -> Recorded | Asked | Reply | StillCounted | None:
        """A text in a private chat or a bound group: recorded and its acknowledgement owed (see
        from_message), a question asked (a typo, a running total: bot/services/asking.py), a catalogue
        reply, or None — chatter, strangers, unbound groups, and reports the chat needs no answer to.
        Raises NeedsConfirmation with the question stored."""
        return await self.decide(actor, report, None)

    async def decide(
        self, actor: Actor, report: TextReport, sender: Sender | None, *, cached: bool = False
    ) -> Recorded | Asked | Reply | StillCounted | None:
        """text(); with `sender`, the campaign is the sender's and a first text's write is checked against
        the version it was read at. `cached`: that context was kept from an earlier update, so only the
        checked write may be reached — any other write raises Stale before it is made."""
        assert self._directory is not None, "built by Services.build"
        assert self._sharing is not None, "built by Services.build"
        key = report.key
        if cached and (report.edited or not report.private):
            raise Stale()  # (typed() keeps these from kept contexts: withdrawing questions writes, groups read)
        if not report.private and (actor.member is None or not await self._sharing.is_bound(key.chat_id)):
            return None  # in a group the bot answers only members, and only where it was bound
        if actor.member is None:
            return Reply("error.not_member")
        if report.edited:  # whatever the new text says, a question about the old one is withdrawn
            await self.withdraw_questions(key.chat_id, key.message_id, key.revision)
        record = sender.campaign(self.clock()) if sender is not None else await self._directory.current_campaign(actor)
        tasks = record.campaign.tasks
        reads = looks_like_report(report.text, tasks) if report.private else mentions_task_first(report.text, tasks)
        if not reads and report.edited and (kept := await still_counted(self.db, record, actor.member, key)):
            return kept  # the edit records nothing: what the message counted still stands
        if not reads:
            return Reply("report.how_to", {"example": example_report(tasks)}) if report.private else None
        if report.forwarded:
            return Reply("report.forwarded")
        try:
            parsed = read_report(report.text, tasks)
        except ReportParseError as refused:
            if refused.corrected is None or refused.corrected.cumulative:
                raise  # a typo in a running total: refused, the member sends it again
            if cached:
                raise Stale() from refused  # a question is stored: only on fresh reads
            with refused_if_stale(record, sender):
                return await asking.typo(self.db, self.clock, record, actor.member, actor.user_id, key, refused)
        if parsed.cumulative:
            if cached:
                raise Stale()
            with refused_if_stale(record, sender):
                return await asking.total(self.db, self.clock, record, actor.member, actor.user_id, key, parsed)
        return await self.from_message(
            record,
            actor.member,
            parsed.items,
            key,
            actor.user_id,
            parts=parsed.parts,
            work_date=work_day(record.campaign, self.clock(), parsed.day_offset),
            sender=sender,
            cached=cached,
        )

    async def from_message(
        self,
        record: CampaignRecord,
        member: MemberRecord,
        items: Sequence[ParsedItem],
        message: MessageKey,
        user_id: int,
        *,
        parts: tuple[tuple[str, tuple[int, ...]], ...] = (),
        work_date: date | None = None,
        sender: Sender | None = None,
        cached: bool = False,
    ) -> Recorded:
        """A report message (revision 0) or an edit of one (revision = its edit date); its acknowledgement
        is recorded as owed in the same transaction (bot/chat/acks.py sends it), with the standing it
        shows. A count above max_per_report records nothing: the question is stored with this exact
        revision (parsed counts only) and NeedsConfirmation is raised; answer() acts on it."""
        resolved = await check(self.db, self.clock(), record, member, items)
        now = self.clock()
        owed = OwedReply(message, "report", record.id, member.id)
        if message.revision == 0 and not too_large(resolved):
            # A message's first text, the usual report: recorded only if the message has no entry at
            # all (a redelivery, or an edit recorded first), owed, and the standing read, in one trip
            # to the database thread (bot/storage/ledger.py record_first).
            counts = [(task.key, n) for task, n in resolved]
            since = recent_since(record.campaign, now)
            version = sender.version if sender is not None else None
            write = record_first(
                owed,
                counts,
                member_key=member.key,
                unit_code=member.member.unit_code,
                user_id=user_id,
                at=now,
                since=since,
                work_date=work_date,
                version=version,
                member_version=sender.member_version if sender is not None else 0,
                kept=sender.kept.get(record.id) if sender is not None else None,
            )
            wrote = await self.db.write_once(write)
            if wrote.stale:  # the sender is off the roster, or it moved since they were read: nothing written
                with refused_if_stale(record, sender):
                    raise Stale()
            if wrote.cancelled:  # since it was read: nothing was written
                raise DomainError("report.campaign_cancelled", campaign=record.campaign.name)
            if sender is not None and record.id not in sender.kept and self._senders is not None:
                self._senders.keep(user_id, sender.version, record.id, wrote.kept, member_version=sender.member_version)
            reads = MemberReads(
                record, member, list(wrote.units), dict(wrote.quotas), list(wrote.aggregates), now, wrote.leaves
            )
            return Recorded(
                record,
                member,
                resolved,
                duplicate=not wrote.new,
                owed=wrote.owed,
                standing=reads,
                parts=parts,
                work_date=work_date,
            )
        if cached:
            raise Stale()  # an edit or a count to confirm: written only on fresh reads
        with refused_if_stale(record, sender):
            return await revise(
                self.db,
                self.progress,
                record,
                member,
                items,
                resolved,
                message,
                user_id,
                now,
                parts=parts,
                work_date=work_date,
            )

    async def submit(
        self,
        record: CampaignRecord,
        member: MemberRecord,
        items: Sequence[ParsedItem],
        origin: Origin,
        *,
        confirmed: bool = False,
    ) -> Recorded:
        """A report from the /report keyboard (its confirmation screen is the question), with the
        standing its acknowledgement shows."""
        return await submit(self.db, self.clock, self.progress, record, member, items, origin, confirmed=confirmed)

    async def answer(
        self, member: MemberRecord, user_id: int, key: MessageKey, yes: bool, kind: str = "large"
    ) -> Recorded | Asked | None:
        """The reporter's ✅ / ✖ on a question of `kind` (large, typo, total): acts once, on exactly what
        was asked. None when cancelled; an Asked not open when a running total adds nothing (any more);
        otherwise the report with the standing its acknowledgement shows."""
        return await questions.answer(self.db, self.clock, self.progress, member, user_id, key, yes, kind)

    async def withdraw_questions(self, chat_id: int, message_id: int, revision: int) -> None:
        """The message was edited: a question about its earlier text must never be acted on, even when
        the new text is no report at all."""
        await questions.withdraw(self.db, chat_id, message_id, revision)

    async def undo_last(self, actor: Actor, chat_id: int, message_id: int) -> Undone:
        """/undo in the member's current campaign (the command's whole use case)."""
        assert self._directory is not None, "built by Services.build"
        member = actor.require_member()
        record = await self._directory.current_campaign(actor)
        return await self.undo(record, member, chat_id, message_id, actor)

    async def undo(
        self, record: CampaignRecord, member: MemberRecord, chat_id: int, message_id: int, actor: Actor | None = None
    ) -> Undone:
        """Revert what the member sent last, only while unreviewed; keyed by the /undo message. `actor`: the
        sender as the policy sees them (None: the member, leading nothing)."""
        return await undoing.undo(self.db, self.clock, record, member, chat_id, message_id, actor)
