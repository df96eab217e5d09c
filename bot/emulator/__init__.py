"""A local Telegram Bot API emulator (aiohttp) for tests, the demo and crash drills.

It answers python-telegram-bot 22 with the Bot API's JSON shapes and error semantics (429 with
retry_after, 403, 400, migrate_to_chat_id), can inject faults and enforce Telegram's rate limits,
and lets tests act as users: see client.BotApiEmulator.
"""

from bot.emulator.client import BotApiEmulator
from bot.emulator.state import SentMessage

__all__ = ["BotApiEmulator", "SentMessage"]
