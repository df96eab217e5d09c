"""Sends the member the notice that a leader changed their leave (bot/services/leave_told.py claimed its
outbox row in the leave's transaction), through the outbox's delivery: a 403 marks the member
unreachable, a send that may have gone out becomes `uncertain` and is never repeated."""

from __future__ import annotations

from telegram import Bot
from telegram.constants import ParseMode

from bot.services.leave_told import LeaveTold
from bot.services.notifications import NotificationService
from bot.views import leave as views
from scheduler.outbox import Outbox


async def tell(bot: Bot, notifications: NotificationService, told: LeaveTold | None) -> None:
    if told is None:
        return
    text = views.told(told.language, told.by, told.change.value, told.leave)

    async def send() -> int:
        return (await bot.send_message(told.chat_id, text, parse_mode=ParseMode.HTML)).message_id

    await Outbox(notifications).send_claimed(told.notification_id, told.target, send)
