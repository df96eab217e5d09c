"""Sending composed texts and charts to Telegram chats (shared by handlers and the scheduler)."""

from __future__ import annotations

from io import BytesIO

import httpx
from telegram import Bot, InputFile, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from bot.services.bulletins import Bulletin
from bot.views.sizing import chunks


class BulletinPost:
    """One bulletin for one chat: text parts, then the chart. The outbox calls `send` again after a
    429 or a network error; it resumes after the parts already delivered, so no part is posted twice.
    `chat_id` follows a group's migration to a supergroup."""

    def __init__(self, chat_id: int, bulletin: Bulletin) -> None:
        self.chat_id, self.bulletin = chat_id, bulletin
        self.pending = list(chunks(bulletin.lines))
        self.chart_sent = False
        self.sent: list[Message] = []

    async def send(self, bot: Bot) -> tuple[int, list[Message]]:
        while self.pending:
            self.sent.append(await self._post(bot, self.pending[0]))
            self.pending.pop(0)
        if not self.chart_sent:
            photo = InputFile(BytesIO(self.bulletin.chart_png), filename="bulletin.png")
            self.sent.append(await bot.send_photo(self.chat_id, photo, caption=self.bulletin.title[:1000]))
            self.chart_sent = True
        return self.chat_id, self.sent

    async def _post(self, bot: Bot, text: str) -> Message:
        try:
            return await bot.send_message(self.chat_id, text, parse_mode=ParseMode.HTML)
        except ChatMigrated as moved:
            self.chat_id = moved.new_chat_id
            return await bot.send_message(self.chat_id, text, parse_mode=ParseMode.HTML)


async def send_bulletin(bot: Bot, chat_id: int, bulletin: Bulletin) -> tuple[int, list[Message]]:
    """Post a bulletin once (a handler's /bulletin). Returns the chat id used and the messages sent."""
    return await BulletinPost(chat_id, bulletin).send(bot)


# Errors that come with Telegram's own answer: it refused the request, so nothing was delivered.
_REFUSED = (RetryAfter, Forbidden, BadRequest, InvalidToken, ChatMigrated, Conflict)
# Transport errors raised before a byte of the request left: no connection, no free connection.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def maybe_delivered(error: BaseException) -> bool:
    """Whether a failed Bot API call may still have taken effect — a message reached the chat
    although the call raised. False only when that is certain not to have happened:
    - Telegram answered with a refusal: 429 (RetryAfter), 400, 401/404, 403, 409, a migrated chat;
    - the request never left: connection refused or timed out while connecting, no free connection
      in the pool (PTB raises NetworkError/TimedOut *from* the httpx error, so `__cause__` tells).
    True for everything else: a read timeout, a connection reset or closed after the request was
    written (httpx ReadError / RemoteProtocolError / WriteError), a 5xx (PTB's NetworkError with no
    transport cause: the Bot API server may have passed the request on), or any unexpected error.
    A notification for which this is True is never sent again (`uncertain`); a reply or an
    acknowledgement may be repeated, since a second copy is harmless."""
    if isinstance(error, _REFUSED):
        return False
    never_sent = isinstance(error, NetworkError) and isinstance(error.__cause__, _NEVER_SENT)  # TimedOut too
    return not never_sent
