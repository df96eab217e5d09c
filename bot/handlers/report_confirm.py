"""The "are you sure?" buttons for a report above the task's max_per_report (SPEC §3.2)."""

from __future__ import annotations

from telegram import Update

from bot.context import CampaignContext
from bot.domain.model import Assignee, ReportSource
from bot.handlers.common import actor_of
from bot.handlers.render import ack
from bot.storage.campaigns import CampaignRepo
from bot.storage.ledger import Origin
from bot.texts import th

PREFIX = "rc:"


async def confirm_large(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None and query.message is not None
    answer, _, message_id = query.data.removeprefix(PREFIX).partition(":")
    actor = await actor_of(update, context)
    pending = context.pending.get(message_id)
    if pending is not None and pending[0] != actor.user_id:
        # In a group anyone can press; only the reporter may confirm, and their report stays pending.
        await query.answer(th(actor.language, "report.not_your_button"), show_alert=True)
        return
    context.pending.pop(message_id, None)
    await query.answer()
    if pending is None or actor.member is None:
        # Pending confirmations live in memory only: after a restart the member simply resends.
        await query.edit_message_text(th(actor.language, "report.confirm_expired"))
        return
    if answer != "y":
        await query.edit_message_text(th(actor.language, "report.confirm_cancelled"))
        return
    _, campaign_id, items, revision = pending
    services = context.services
    record = await CampaignRepo(services.db.reader).get_by_id(campaign_id)
    assert record is not None
    chat_id = query.message.chat.id
    if revision:
        result = await services.reports.replace_message(
            record, actor.member, items, chat_id, int(message_id), revision, confirmed=True
        )
    else:
        origin = Origin(ReportSource.TEXT, chat_id, int(message_id), 0)
        result = await services.reports.submit(record, actor.member, items, origin, confirmed=True)
    loaded = await services.progress.load(record, only_member=actor.member)
    standing = loaded.book.standing(Assignee.member(actor.member.key))
    text = ack(actor.language, record.campaign, result.items, standing, duplicate=result.duplicate)
    await query.edit_message_text(text, parse_mode="HTML")
