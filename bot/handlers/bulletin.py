"""/bulletin: post the ranked bulletin (text + chart) for the leader's scope to its bound group now."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.chat.delivery import send_bulletin
from bot.handlers.common import actor_of, reply


async def bulletin(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    services = context.services
    record = await services.directory.current_campaign(actor)
    scope, groups = await services.sharing.bulletin_groups(actor, record)
    if not groups:
        await reply(update, actor.language, "bulletin.no_group")
        return
    for group in groups:
        composed = await services.bulletins.compose(record, scope.unit_code, services.settings.default_language)
        used, _ = await send_bulletin(context.bot, group.chat_id, composed)
        if used != group.chat_id:
            await services.sharing.group_migrated(group.chat_id, used)
        await services.bulletins.remember(record, composed, posted_by=actor, chat_id=used)
    await reply(update, actor.language, "bulletin.posted", count=len(groups))
