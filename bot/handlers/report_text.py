"""Free-text reports `走访5 体检3` and their edits (SPEC §3.2).

In private chats every text is a report attempt; in a bound group only a message that starts with
a task word is, and other chatter is ignored (decided by the use case, ReportService.text). The raw
text is handed to it, parsed there and then dropped: only counts and the message id reach the
database. This handler names the message, makes that one call and renders its outcome.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.acks import Ack
from bot.chat.callback_data import ConfirmPrompt
from bot.chat.context import CampaignContext
from bot.domain.origin import MessageKey
from bot.handlers.common import actor_of, is_forwarded, is_private, reply
from bot.services.reporting import NeedsConfirmation, Reply, TextReport
from bot.views.acks import ack


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
    actor = await actor_of(update, context)
    try:
        outcome = await context.services.reports.text(actor, report)
    except NeedsConfirmation as ask:
        await reply(update, actor.language, ask.key, reply_markup=_question(key), **ask.params)
        return
    if isinstance(outcome, Reply):
        await reply(update, actor.language, outcome.key, **outcome.params)
        return
    if outcome is None or not outcome.owed:
        return  # silent, or a redelivered update whose acknowledgement was sent already
    text = ack(
        actor.language,
        outcome.campaign.campaign,
        outcome.items,
        outcome.standing_now(),
        duplicate=outcome.duplicate,
        edited=edited,
    )
    # Owed in the database already: the update is finished now, the chat's lane sends the reply.
    context.acks.owe(Ack(key, text))
