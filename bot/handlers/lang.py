"""/lang [language]: switch the member's language; languages are named as people know them (中文 /
English), and the command takes a name or a code."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.errors import DomainError
from bot.domain.lookup import fold
from bot.handlers.common import actor_of, reply
from bot.texts import LANGUAGES
from bot.views.lookup import language_choices, language_name


def language_code(text: str) -> str | None:
    """zh, ZH, 中文, english, ＥＮ … → the catalogue's code; None for anything else."""
    wanted = fold(text)
    return next((c for c in LANGUAGES if wanted in (c, fold(language_name(c)))), None)


async def lang(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_member()
    choices = language_choices(actor.language)
    if not context.args:
        raise DomainError("lang.usage", current=language_name(actor.language), choices=choices)
    code = language_code(" ".join(context.args))
    if code is None:
        raise DomainError("lang.unknown", choices=choices)
    chosen = await context.services.directory.set_language(actor, code)
    await reply(update, context, chosen, "lang.switched")
