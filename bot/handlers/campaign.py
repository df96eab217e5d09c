"""/campaign: pick which running campaign reports and queries refer to."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.callback_data import pressed
from bot.chat.callback_plan import CampaignPick
from bot.chat.context import CampaignContext
from bot.handlers.common import actor_of, reply

PREFIX = CampaignPick.PREFIX


async def campaign(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_member()
    options = await context.services.directory.campaigns_for(actor)
    if not options:
        await reply(update, context, actor.language, "campaign.none")
        return
    buttons = [[InlineKeyboardButton(r.campaign.name, callback_data=CampaignPick(r.id).pack())] for r in options]
    await reply(update, context, actor.language, "campaign.pick", reply_markup=InlineKeyboardMarkup(buttons))


async def campaign_chosen(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None
    wanted = pressed(CampaignPick.unpack, query).campaign_id
    actor = await actor_of(update, context)
    for record in await context.services.directory.campaigns_for(actor):
        if record.id == wanted:
            chosen = await context.services.directory.choose_campaign(actor, record.key)
            await query.answer()
            await reply(update, context, actor.language, "campaign.chosen", name=chosen.campaign.name)
            return
    await query.answer()
    await reply(update, context, actor.language, "campaign.unknown", key=str(wanted))
