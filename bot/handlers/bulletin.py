"""/bulletin: post the ranked bulletin (text + chart) for the leader's scope to its bound group now."""

from __future__ import annotations

from telegram import Update

from bot.context import CampaignContext
from bot.delivery import send_bulletin
from bot.handlers.common import actor_of, reply
from bot.storage.ops import GroupRepo


async def bulletin(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    services = context.services
    record = await services.directory.current_campaign(actor)
    scope = await services.leader.scope(actor, record, for_bulletin=True)
    groups = await GroupRepo(services.db.reader).for_unit(scope.unit_code)
    if not groups:
        await reply(update, actor.language, "bulletin.no_group")
        return
    for group in groups:
        composed = await services.bulletins.compose(record, scope.unit_code, services.settings.default_language)
        used, _ = await send_bulletin(context.bot, group.chat_id, composed)
        if used != group.chat_id:
            async with services.db.transaction() as conn:
                await GroupRepo(conn).migrate(group.chat_id, used)
        await services.bulletins.remember(record, composed, posted_by=actor, chat_id=used)
    await reply(update, actor.language, "bulletin.posted", count=len(groups))
