"""The machinery every fan-out of the scheduler shares (scheduler/fanout.py, bulletins.py, cards.py):
one recipient at a time, a failure recorded on its own outbox key while the fan-out goes on, and a
notification of several messages sent so that a retry never repeats a part."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Bot
from telegram.constants import ParseMode

from bot.services.container import Services
from scheduler.outbox import Outbox, Target


class Recipients:
    """What every fan-out shares: the services, the bot and the outbox; each recipient isolated
    (`isolated`) and each notification sent part by part (`sender`)."""

    def __init__(self, services: Services, bot: Bot, outbox: Outbox) -> None:
        self.s = services
        self.bot = bot
        self.outbox = outbox

    async def isolated(self, target: Target, work: Callable[[], Awaitable[object]]) -> None:
        """One recipient of a fan-out: a failure is recorded on its own key and the fan-out goes on."""
        try:
            await work()
        except Exception as error:
            await self.outbox.fail(target, error)

    def sender(self, chat_id: int, parts: list[str]) -> Callable[[], Awaitable[int]]:
        """One notification may be several messages (bot/views/notices.py, digests.py). The outbox retries
        `send` after a 429 or a network error: it resumes after the parts already delivered, so a
        retry never repeats one."""
        pending, last = list(parts), 0

        async def send() -> int:
            nonlocal last
            while pending:
                last = (await self.bot.send_message(chat_id, pending[0], parse_mode=ParseMode.HTML)).message_id
                pending.pop(0)
            return last

        return send
