"""Free-text reports `走访5 体检3` and their edits (SPEC §3.2).

In private chats every text is a report attempt; in a bound group only a message that starts with
a task word is, and other chatter is ignored. The raw text is parsed here and then dropped: only
counts and the message id reach the database.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.acks import Ack
from bot.chat.callback_data import ConfirmPrompt
from bot.chat.context import CampaignContext
from bot.domain.origin import MessageKey
from bot.domain.parser import example_report, looks_like_report, mentions_task_first, parse_report
from bot.handlers.common import actor_of, is_forwarded, is_private, reply
from bot.services.progress import compose_ack
from bot.services.reporting import NeedsConfirmation


def edit_revision(edit_date: int, update_id: int) -> int:
    """The revision an edit is recorded under: later edits must compare greater, a redelivered one equal.
    `edit_date` alone has whole seconds, so two edits within one second would look like one delivered
    twice; the update id (increasing, and the same for a redelivery) orders them within the second.
    Revisions stored as bare edit_date (before this) stay below every new one. Only if the update ids
    of two edits in the same second straddle a multiple of a million is the second taken for a repeat."""
    return edit_date * 1_000_000 + update_id % 1_000_000


async def text_report(update: Update, context: CampaignContext) -> None:
    message = update.effective_message
    if message is None or not message.text or update.effective_chat is None:
        return
    private = is_private(update)
    actor = await actor_of(update, context)
    services = context.services
    if not private and (actor.member is None or not await services.sharing.is_bound(update.effective_chat.id)):
        return  # chatter, strangers and unbound groups: stay silent
    if actor.member is None:
        await reply(update, actor.language, "error.not_member")
        return
    edited = update.edited_message is not None
    revision = (
        edit_revision(int(message.edit_date.timestamp()), update.update_id) if edited and message.edit_date else 0
    )
    if edited:  # whatever the new text says, a question about the old one is withdrawn
        await services.reports.withdraw_questions(message.chat_id, message.message_id, revision)
    record = await services.directory.current_campaign(actor)
    tasks = record.campaign.tasks
    if not private and not mentions_task_first(message.text, tasks):
        return
    if private and not looks_like_report(message.text, tasks):
        await reply(update, actor.language, "report.how_to", example=example_report(tasks))
        return
    if is_forwarded(message):  # written by someone else: it reports nobody's work
        await reply(update, actor.language, "report.forwarded")
        return
    items = parse_report(message.text, tasks)
    key = MessageKey(message.chat_id, message.message_id, revision)
    try:
        result = await services.reports.from_message(record, actor.member, items, key, actor.user_id)
    except NeedsConfirmation as ask:
        buttons = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("✅", callback_data=ConfirmPrompt(True, message.message_id, revision).pack()),
                    InlineKeyboardButton("✖", callback_data=ConfirmPrompt(False, message.message_id, revision).pack()),
                ]
            ]
        )
        await reply(update, actor.language, ask.key, reply_markup=buttons, **ask.params)
        return
    if not result.owed:
        return  # a redelivered update whose acknowledgement was sent already
    text = await compose_ack(
        services,
        actor.language,
        record,
        actor.member,
        result.items,
        duplicate=result.duplicate,
        edited=edited,
        reads=result.standing,
    )
    # Owed in the database already: the update is finished now, the chat's lane sends the reply.
    context.acks.owe(Ack(key, text))
