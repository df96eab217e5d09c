"""The "are you sure?" buttons for a report above the task's max_per_report (SPEC §3.2, §9).

The button names the exact message revision it asked about; the question itself (parsed counts only)
is in the database, so it survives a restart, is answered once, and dies when the message is edited.
"""

from __future__ import annotations

from telegram import Update

from bot.chat.callback_data import ConfirmPrompt, pressed
from bot.chat.context import CampaignContext
from bot.domain.origin import MessageKey
from bot.handlers.common import actor_of
from bot.services.reporting import QuestionClosed
from bot.texts import th
from bot.views.acks import ack

PREFIX = ConfirmPrompt.PREFIX


async def confirm_large(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    prompt = pressed(ConfirmPrompt.unpack, query)
    actor = await actor_of(update, context)
    member = actor.require_member()
    key = MessageKey(query.message.chat.id, prompt.message_id, prompt.revision)
    services = context.services
    try:
        result = await services.reports.answer(member, actor.user_id, key, prompt.yes)
    except QuestionClosed as closed:
        await query.answer()
        await query.edit_message_text(th(actor.language, closed.key))
        return
    await query.answer()
    if result is None:
        await query.edit_message_text(th(actor.language, "report.confirm_cancelled"))
        return
    text = ack(
        actor.language,
        result.campaign.campaign,
        result.items,
        result.standing_now(),
        duplicate=result.duplicate,
        edited=False,
    )
    await query.edit_message_text(text, parse_mode="HTML")
