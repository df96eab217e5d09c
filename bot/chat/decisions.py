"""Sends what cadres are told after a /verify decision round (bot/services/verifying.py claimed the
outbox rows in the decision's transaction). Sent off the leader's update, so a 429 for one cadre
never holds the leader's list; each send goes through the outbox's delivery (scheduler/outbox.py:
429 waits, 403 marks unreachable, a maybe-delivered send becomes `uncertain`, never repeated)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot
from telegram.constants import ParseMode

from bot.domain.model import Campaign
from bot.services.notifications import NotificationService
from bot.services.verifying import DecisionNotice
from bot.views.verify import decided_text
from scheduler.outbox import Outbox


async def tell(
    bot: Bot, notifications: NotificationService, campaign: Campaign, notices: Sequence[DecisionNotice]
) -> None:
    outbox = Outbox(notifications)
    for notice in notices:
        reports = [(r.task, r.delta, r.at) for r in notice.reports]
        text = decided_text(notice.language, campaign, notice.approved, reports)
        await outbox.send_claimed(notice.notification_id, notice.target, _sender(bot, notice.chat_id, text))


def _sender(bot: Bot, chat_id: int, text: str) -> Callable[[], Awaitable[int]]:
    async def send() -> int:
        return (await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)).message_id

    return send
