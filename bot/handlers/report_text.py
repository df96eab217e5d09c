"""Free-text reports `走访5 体检3` and their edits (SPEC §3.2).

In private chats every text is a report attempt; in a bound group only a message that starts with
a task word is, and other chatter is ignored (decided by the use case, ReportService.text). The raw
text is handed to it, parsed there and then dropped: only counts and the message id reach the
database. This handler names the message, makes that one call and renders its outcome.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.callback_report import ConfirmPrompt, QuestionAnswer, QuestionKind
from bot.chat.context import CampaignContext
from bot.chat.lane_items import Ack
from bot.domain.origin import MessageKey
from bot.handlers.common import ANONYMOUS_ADMIN_ID, actor_of, is_forwarded, is_private, reply, reply_html
from bot.services.edits import StillCounted
from bot.services.reporting import Asked, NeedsConfirmation, Recorded, Reply, TextReport
from bot.texts import th
from bot.views.acks import ack, still_counted_text
from bot.views.questions import total_question, typo_question


def edit_revision(edit_date: int, update_id: int) -> int:
    """The revision an edit is recorded under: later edits must compare greater, a redelivered one equal.
    `edit_date` alone has whole seconds, so two edits within one second would look like one delivered
    twice; the update id (increasing, and the same for a redelivery) orders them within the second.
    Revisions stored as bare edit_date (before this) stay below every new one. Only if the update ids
    of two edits in the same second straddle a multiple of a million is the second taken for a repeat."""
    return edit_date * 1_000_000 + update_id % 1_000_000


def _question(key: MessageKey) -> InlineKeyboardMarkup:
    """✅ / ✖ naming the exact message revision the "are you sure?" is about."""
    yes, no = (ConfirmPrompt(answer, key.message_id, key.revision).pack() for answer in (True, False))
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("✅", callback_data=yes), InlineKeyboardButton("✖", callback_data=no)]]
    )


def asked_keyboard(lang: str, asked: Asked) -> InlineKeyboardMarkup:
    """✅ / ✖ answering the typo or running-total question about the exact message revision."""
    kind: QuestionKind = "typo" if asked.kind == "typo" else "total"
    yes, no = (
        QuestionAnswer(kind, answer, asked.key.message_id, asked.key.revision).pack() for answer in (True, False)
    )
    label = th(lang, "report.typo_yes", suggestion=asked.suggestion) if kind == "typo" else th(lang, "report.total_yes")
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=yes),
                InlineKeyboardButton(th(lang, "report.question_no"), callback_data=no),
            ]
        ]
    )


def asked_text(lang: str, asked: Asked) -> str:
    campaign = asked.campaign.campaign
    if asked.kind == "typo":
        return typo_question(lang, campaign, asked.word, asked.suggestion, asked.items)
    return total_question(lang, asked.items, asked.current, asked=asked.open, work_date=asked.work_date)


def recorded_ack(lang: str, recorded: Recorded, *, edited: bool = False) -> str:
    """The acknowledgement of a recorded report, however it was recorded (a typed message, an answered
    question, the /report keyboard): `edited` when it replaces what its message said before."""
    return ack(
        lang,
        recorded.campaign.campaign,
        recorded.items,
        recorded.standing_now(),
        duplicate=recorded.duplicate,
        edited=edited,
        parts=recorded.parts,
        work_date=recorded.work_date,
    )


async def text_report(update: Update, context: CampaignContext) -> None:
    message = update.effective_message
    if message is None or not message.text or update.effective_chat is None:
        return
    edited = update.edited_message is not None
    revision = (
        edit_revision(int(message.edit_date.timestamp()), update.update_id) if edited and message.edit_date else 0
    )
    key = MessageKey(message.chat_id, message.message_id, revision)
    report = TextReport(key, message.text, private=is_private(update), edited=edited, forwarded=is_forwarded(message))
    user = update.effective_user
    outcome: Recorded | Asked | Reply | StillCounted | NeedsConfirmation | None
    if user is None or user.id == ANONYMOUS_ADMIN_ID or user.is_bot:
        actor = await actor_of(update, context)  # nobody who can be told apart: nothing of theirs is kept
        outcome = await context.services.reports.text(actor, report)
    else:  # their context kept between reports, checked at the write (bot/services/senders.py)
        actor, outcome = await context.services.reports.typed(user.id, user.language_code, report)
    if isinstance(outcome, NeedsConfirmation):
        await reply(update, context, actor.language, outcome.key, reply_markup=_question(key), **outcome.params)
        return
    if isinstance(outcome, Reply):
        await reply(update, context, actor.language, outcome.key, **outcome.params)
        return
    if isinstance(outcome, StillCounted):  # edited into no report: the earlier count still stands
        text = still_counted_text(actor.language, outcome.campaign, outcome.counts, undoable=outcome.undoable)
        await reply_html(update, context, text)
        return
    if isinstance(outcome, Asked):
        markup = asked_keyboard(actor.language, outcome) if outcome.open else None
        await reply_html(update, context, asked_text(actor.language, outcome), reply_markup=markup)
        return
    if outcome is None or not outcome.owed:
        return  # silent, or a redelivered update whose acknowledgement was sent already
    # Owed in the database already: sent now if nothing holds it back, else by the chat's lane.
    await context.acks.send_now(Ack(key, recorded_ack(actor.language, outcome, edited=edited)))
