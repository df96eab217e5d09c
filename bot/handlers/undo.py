"""/undo: revert the member's last report by a correction entry, only while unverified."""

from __future__ import annotations

from telegram import Update

from bot.context import CampaignContext
from bot.handlers.common import actor_of, reply
from bot.texts import th


async def undo(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    member = actor.require_member()
    record = await context.services.directory.current_campaign(actor)
    message = update.effective_message
    reverted = await context.services.reports.undo(
        record, member, message.chat_id if message else None, message.message_id if message else None
    )
    names = {t.key: t for t in record.campaign.tasks}
    sep = th(actor.language, "views.list_sep")
    parts = sep.join(f"{names[r.task].name} {r.delta:+d}" for r in reverted if r.task in names)
    await reply(update, actor.language, "undo.done", items=parts)
