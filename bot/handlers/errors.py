"""Domain errors become replies here, in one place; anything else is logged and apologised for."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.chat.context import CampaignContext
from bot.domain.errors import DomainError
from bot.handlers.common import actor_of
from bot.texts import th
from bot.views.sizing import alert_text

log = logging.getLogger(__name__)


async def on_error(update: object, context: CampaignContext) -> None:
    error = context.error
    if not isinstance(update, Update):
        log.error("error outside an update: %r", error, exc_info=error)
        return
    lang: str = context.services.settings.default_language
    try:
        lang = (await actor_of(update, context)).language
    except Exception:  # the database itself may be the problem; answer in the default language
        log.exception("could not resolve the user's language")
    if isinstance(error, DomainError):
        text = th(lang, error.key, **error.params)
    elif isinstance(error, TelegramError):
        # Talking to Telegram failed, most likely while replying, and so after the work was
        # committed: "nothing took effect" would be false and invite a resend counted twice.
        log.warning("reply to update %s failed: %s", update.update_id, error)
        text = th(lang, "error.reply_failed")
    else:
        log.error("unhandled error in update %s", update.update_id, exc_info=error)
        text = th(lang, "error.internal")
    if update.callback_query is not None:
        await update.callback_query.answer(alert_text(text), show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML, do_quote=False)
