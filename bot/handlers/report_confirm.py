"""The buttons answering a question about a report message (SPEC §3.2, §9): "are you sure?" above the
task's max_per_report, "did you mean 走访?" and "record the difference from your total?".

The button names the exact message revision it asked about; the question itself (parsed counts only)
is in the database, so it survives a restart, is answered once, and dies when the message is edited.
"""

from __future__ import annotations

from telegram import Update

from bot.chat.callback_data import pressed
from bot.chat.callback_report import ConfirmPrompt, QuestionAnswer
from bot.chat.context import CampaignContext
from bot.domain.origin import MessageKey
from bot.handlers.common import actor_of
from bot.handlers.report_text import asked_text, recorded_ack
from bot.services.reporting import Asked, QuestionClosed
from bot.texts import th

PREFIX = ConfirmPrompt.PREFIX
QUESTION_PREFIX = QuestionAnswer.PREFIX


async def confirm_large(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None
    prompt = pressed(ConfirmPrompt.unpack, query)
    await _answered(update, context, prompt.message_id, prompt.revision, prompt.yes, "large")


async def answer_question(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None
    prompt = pressed(QuestionAnswer.unpack, query)
    await _answered(update, context, prompt.message_id, prompt.revision, prompt.yes, prompt.kind)


async def _answered(
    update: Update, context: CampaignContext, message_id: int, revision: int, yes: bool, kind: str
) -> None:
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    actor = await actor_of(update, context)
    member = actor.require_member()
    key = MessageKey(query.message.chat.id, message_id, revision)
    services = context.services
    try:
        result = await services.reports.answer(member, actor.user_id, key, yes, kind)
    except QuestionClosed as closed:
        await query.answer()
        await query.edit_message_text(th(actor.language, closed.key))
        return
    await query.answer()
    if result is None:
        await query.edit_message_text(th(actor.language, "report.confirm_cancelled"))
        return
    if isinstance(result, Asked):  # a running total no longer above the recorded one: nothing recorded
        await query.edit_message_text(asked_text(actor.language, result), parse_mode="HTML")
        return
    await query.edit_message_text(recorded_ack(actor.language, result), parse_mode="HTML")
