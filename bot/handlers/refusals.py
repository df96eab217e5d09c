"""Polite refusals for input no feature claims: forwarded commands, unknown commands, stale buttons."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.handlers.common import actor_of, reply


async def forwarded_command(update: Update, context: CampaignContext) -> None:
    """A forwarded command was typed by someone else: it carries nobody's authority."""
    actor = await actor_of(update, context)
    await reply(update, context, actor.language, "error.forwarded_command")


async def unknown_command(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    await reply(update, context, actor.language, "error.unknown_command")


async def stale_button(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await reply(update, context, actor.language, "error.stale_button")
