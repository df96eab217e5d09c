"""/lang zh|en: switch the member's language."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.errors import DomainError
from bot.handlers.common import actor_of, reply
from bot.texts import LANGUAGES


async def lang(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_member()
    if not context.args:
        raise DomainError("lang.usage", current=actor.language, choices="|".join(LANGUAGES))
    chosen = await context.services.directory.set_language(actor, context.args[0].lower())
    await reply(update, chosen, "lang.switched")
