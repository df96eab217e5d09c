"""/help: the commands available to this user's role, with examples (SPEC §3.1)."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.handlers.common import actor_of, reply


async def help_command(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    if actor.is_leader:
        key = "help.leader"
    elif actor.is_member:
        key = "help.cadre"
    else:
        key = "help.guest"
    await reply(update, actor.language, key)
