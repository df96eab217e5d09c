"""Sends the re-split offers a long leave earns (bot/services/resplit.py claimed the outbox rows in the
leave's transaction), each to a leader of the member's unit, privately, with its one button. Sent
through the outbox's delivery (scheduler/outbox.py: 429 waits, 403 marks unreachable, a send that may
have gone out becomes `uncertain`, never repeated)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode

from bot.chat.callback_member import ResplitLeave
from bot.domain.model import Campaign
from bot.services.notifications import NotificationService
from bot.services.resplit import ResplitOffer
from bot.views import leave as views
from scheduler.outbox import Outbox


async def offer(
    bot: Bot, notifications: NotificationService, campaign: Campaign, offers: Sequence[ResplitOffer]
) -> None:
    outbox = Outbox(notifications)
    for o in offers:
        text = views.resplit_offer(o.language, campaign, o.name, o.leave, o.workdays, o.handed, o.takers)
        button = InlineKeyboardButton(
            views.resplit_button(o.language), callback_data=ResplitLeave(o.leave_id, o.revision).pack()
        )

        async def send(o: ResplitOffer = o, text: str = text, button: InlineKeyboardButton = button) -> int:
            markup = InlineKeyboardMarkup([[button]])
            return (await bot.send_message(o.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)).message_id

        await outbox.send_claimed(o.notification_id, o.target, send)
