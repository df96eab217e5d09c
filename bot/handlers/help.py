"""/help: the commands available to this user's role, with examples in the campaign's own words (SPEC §3.1)."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.handlers.common import actor_of, reply, reply_html
from bot.views.lookup import help_text


async def help_command(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    if not actor.is_member and not actor.is_admin:
        await reply(update, context, actor.language, "help.guest")
        return
    tasks, unit = await context.services.directory.examples(actor)
    key = "help.leader" if actor.is_leader else "help.cadre"
    await reply_html(update, context, help_text(actor.language, key, tasks, unit))
