"""What a chat's lane sends (bot/chat/acks.py): a report's acknowledgement, owed in the database, and
any other answer to a message of that chat that must wait its turn behind one (kept in memory only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Bot, ReplyParameters
from telegram.constants import ParseMode

from bot.domain.origin import MessageKey


@dataclass(frozen=True, slots=True)
class Ack:
    key: MessageKey  # the member's message (and revision) it answers
    text: str  # HTML, composed by ProgressService.acknowledgement (bot/services/progress.py)

    async def send(self, bot: Bot) -> None:
        # A reply to the report; still sent if the member deleted the message meanwhile.
        await bot.send_message(
            self.key.chat_id,
            self.text,
            parse_mode=ParseMode.HTML,
            reply_parameters=ReplyParameters(self.key.message_id, allow_sending_without_reply=True),
        )


@dataclass(frozen=True, slots=True)
class Said:
    """An answer to a later message of a chat whose lane is busy (an acknowledgement queued, or a 429
    holding the chat): sent after what the lane holds, so a member's answers never overtake each other,
    and never waited for inside its update. Owed to nobody: a crash before it is sent loses it."""

    chat_id: int
    text: str  # HTML, from the catalogue
    reply_markup: Any = None

    async def send(self, bot: Bot) -> None:
        await bot.send_message(self.chat_id, self.text, parse_mode=ParseMode.HTML, reply_markup=self.reply_markup)
