"""The questions about a report message (SPEC §3.2, §9) — "are you sure?" above max_per_report, "did
you mean 走访?", "record the difference from your total?": answered once, on exactly the revision asked
about, and withdrawn when the message is edited. The first is stored by ReportService.from_message
(bot/services/reporting.py), the others by bot/services/asking.py."""

from __future__ import annotations

from bot.domain.answer_window import expired
from bot.domain.errors import NotAllowed
from bot.domain.origin import MessageKey
from bot.services.asking import TOTAL, Asked, differences, recorded_totals
from bot.services.clock import Clock
from bot.services.directory import check
from bot.services.progress import ProgressService
from bot.services.recording import QuestionClosed, Recorded, Stale, not_on_roster, write_revision
from bot.storage.campaigns import CampaignRepo
from bot.storage.confirmations import ConfirmationRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRecord


async def answer(
    db: Database,
    clock: Clock,
    progress: ProgressService,
    member: MemberRecord,
    user_id: int,
    key: MessageKey,
    yes: bool,
    kind: str = "large",
) -> Recorded | Asked | None:
    """The reporter's ✅ / ✖ on a question of `kind`: None when cancelled; otherwise what was asked is
    recorded, with the standing its acknowledgement shows (read in the same transaction). For a running
    total that is the difference from the recorded total as it is now, or nothing (an Asked, not open)."""
    chat_id, message_id = key.chat_id, key.message_id
    question = await ConfirmationRepo(db.reader).get(chat_id, message_id, key.revision)
    if question is None or question.kind != kind:
        raise QuestionClosed("report.confirm_expired")
    if question.user_id != user_id or question.member_id != member.id:
        raise NotAllowed("report.not_your_button")  # in a group anyone can press; it stays open
    record = await CampaignRepo(db.reader).get_by_id(question.campaign_id)
    if record is None:
        raise QuestionClosed("report.confirm_expired")
    now = clock()
    if question.asked_at is not None and expired(question.asked_at, now, record.campaign.milestones):
        await _close_expired(db, key, question.state)
    resolved = await check(db, now, record, member, question.items)
    async with db.transaction() as conn:
        prompts = ConfirmationRepo(conn)
        if not await prompts.close(chat_id, message_id, key.revision, "confirmed" if yes else "cancelled"):
            raise QuestionClosed()
        latest = await ReportRepo(conn).max_revision(chat_id, message_id)
        if latest is not None and latest > key.revision:
            raise QuestionClosed()  # an edit was recorded after the question (defence in depth)
        if not yes:
            return None
        if kind == TOTAL:
            current = await recorded_totals(conn, record, member)
            named = tuple((task.key, current.get(task.key, 0)) for task, _ in resolved)
            stated, resolved = resolved, differences(resolved, current)
            if not resolved:
                return Asked(kind, record, key, stated, named, work_date=question.work_date, open=False)
        try:
            # The report counts when it was sent — when the question was asked — not when it was answered
            # (the one day rule: ✅ after midnight is no work done on the next day).
            result = await write_revision(
                conn,
                record,
                member,
                resolved,
                key,
                now,
                ask=False,
                user_id=user_id,
                work_date=question.work_date,
                sent_at=question.asked_at,
            )
        except Stale:  # removed from the roster since check(): nothing written, the question stays open
            raise not_on_roster(record) from None
        assert result is not None, "ask=False always records"
        return Recorded(
            record,
            member,
            result.items,
            duplicate=result.duplicate,
            standing=await progress.member_reads(conn, record, member),
            work_date=question.work_date,
        )


async def _close_expired(db: Database, key: MessageKey, state: str) -> None:
    """Too late to act on (bot/domain/answer_window.py): the question is closed unanswered and nothing is
    written; the cadre sends the report again. The table has no 'expired' state, and 'cancelled' writes
    nothing, so an expired question is closed as cancelled — and a later press on a cancelled question past
    its window answers the same. A question answered in time says it was answered (confirm_stale)."""
    if state == "open":
        async with db.transaction() as conn:
            if not await ConfirmationRepo(conn).close(key.chat_id, key.message_id, key.revision, "cancelled"):
                raise QuestionClosed()  # answered (or withdrawn) in the meantime
    if state in ("open", "cancelled"):
        raise QuestionClosed("report.confirm_expired")


async def withdraw(db: Database, chat_id: int, message_id: int, revision: int) -> None:
    """The message was edited: a question about its earlier text must never be acted on, even when
    the new text is no report at all."""
    if not await ConfirmationRepo(db.reader).any_open(chat_id, message_id):
        return  # the usual case: no write lock taken for an edited chat message
    async with db.transaction() as conn:
        await ConfirmationRepo(conn).supersede(chat_id, message_id, revision)
