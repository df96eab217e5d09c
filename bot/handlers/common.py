"""Helpers every handler uses: who is talking, and replying in their language."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType, ParseMode

from bot.chat.context import CampaignContext
from bot.chat.lane_items import Said
from bot.services.directory import Actor
from bot.texts import th

# Telegram's "GroupAnonymousBot": messages of anonymous group admins arrive with this sender.
ANONYMOUS_ADMIN_ID = 1087968824


async def actor_of(update: Update, context: CampaignContext) -> Actor:
    user = update.effective_user
    if user is None or user.id == ANONYMOUS_ADMIN_ID or user.is_bot:
        # Anonymous admins and channels cannot be identified: treat them as strangers.
        return Actor(0, None, False, context.services.settings.default_language)
    return await context.services.directory.actor(user.id, user.language_code)


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


def is_forwarded(message: Message | None) -> bool:
    """A forwarded command carries the authority of nobody: it was not typed by the sender."""
    return message is not None and message.forward_origin is not None


async def reply(
    update: Update, context: CampaignContext, lang: str, key: str, /, reply_markup: Any = None, **params: Any
) -> Message | None:
    return await reply_html(update, context, th(lang, key, **params), reply_markup)


async def reply_html(update: Update, context: CampaignContext, text: str, reply_markup: Any = None) -> Message | None:
    """Send text already rendered with th() (so already escaped). When the chat's lane holds an
    acknowledgement or a 429 holds the chat, the answer waits its turn in the lane (bot/chat/acks.py):
    it never overtakes an earlier answer, and the update never waits out the hold (None is returned)."""
    message = update.effective_message
    if message is None:
        return None
    acks = context.bot_data.acks
    if acks is not None and acks.in_turn(message.chat_id):
        acks.say(Said(message.chat_id, text, reply_markup))
        return None
    return await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=reply_markup, do_quote=False)
