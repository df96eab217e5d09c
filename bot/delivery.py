"""Sending composed texts and charts to Telegram chats (shared by handlers and the scheduler)."""

from __future__ import annotations

from io import BytesIO

from telegram import Bot, InputFile, Message
from telegram.constants import ParseMode
from telegram.error import ChatMigrated

from bot.messages import chunks
from bot.services.bulletins import Bulletin


async def send_bulletin(bot: Bot, chat_id: int, bulletin: Bulletin) -> tuple[int, list[Message]]:
    """Post text parts then the chart. Returns the chat id actually used (it changes when the group
    was migrated to a supergroup) and the messages sent."""
    sent: list[Message] = []
    for text in chunks(bulletin.lines):
        try:
            sent.append(await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML))
        except ChatMigrated as moved:
            chat_id = moved.new_chat_id
            sent.append(await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML))
    photo = InputFile(BytesIO(bulletin.chart_png), filename="bulletin.png")
    sent.append(await bot.send_photo(chat_id, photo, caption=bulletin.title[:1000]))
    return chat_id, sent
