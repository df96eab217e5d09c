"""/bulletin: post the ranked bulletin (text + chart) for the leader's scope to its bound group now."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.chat.delivery import send_bulletin
from bot.handlers.common import actor_of, reply
from bot.services.bulletins import Bulletin


async def bulletin(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    services = context.services
    record = await services.directory.current_campaign(actor)
    scope, groups = await services.sharing.bulletin_groups(actor, record)
    if not groups:
        await reply(update, context, actor.language, "bulletin.no_group")
        return

    async def deliver(chat_id: int, composed: Bulletin) -> int:
        used, _ = await send_bulletin(context.bot, chat_id, composed)
        return used

    lang = services.settings.default_language  # the group's language, not the leader's
    for group in groups:
        await services.bulletins.post(record, scope.unit_code, group.chat_id, deliver, lang=lang, posted_by=actor)
    await reply(update, context, actor.language, "bulletin.posted", count=len(groups))
