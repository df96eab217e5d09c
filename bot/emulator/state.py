"""In-memory world of the emulator: users, chats, the update queue, what the bot sent.

JSON shapes follow the Bot API (https://core.telegram.org/bots/api) as python-telegram-bot 22
parses them. Everything here is synchronous and single-threaded (the aiohttp loop).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

JSON = dict[str, Any]
ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}


class ApiError(Exception):
    """A Bot API error reply: {"ok": false, "error_code": ..., "description": ..., "parameters": ...}."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass
class SentMessage:
    """A message the bot sent (or edited), as the emulator recorded it."""

    chat_id: int
    message_id: int
    method: str
    text: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    reply_markup: JSON | None = None
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    edits: int = 0
    reply_to: int | None = None  # the message id this one replies to (how acknowledgements are matched)

    @property
    def body(self) -> str:
        return self.text or self.caption or ""

    def buttons(self) -> list[tuple[str, str]]:
        """(text, callback_data) of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b.get("text", ""), b.get("callback_data", "")) for row in rows for b in row]


@dataclass
class Call:
    at: datetime
    method: str
    params: JSON
    status: int


class World:
    def __init__(
        self, token: str, bot_username: str = "campaign_test_bot", clock: Callable[[], datetime] | None = None
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":")[0]) if token.split(":")[0].isdigit() else 1
        self.bot_user: JSON = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Campaign Bot",
            "username": bot_username,
        }
        self.clock = clock or (lambda: datetime.now(UTC))
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, JSON] = {}
        self.started: set[int] = set()  # users who have messaged the bot (pressed Start)
        self.blocked: set[int] = set()
        self.migrated: dict[int, int] = {}  # old group id → new supergroup id
        self.bot_in: set[int] = set()  # group chats the bot is a member of
        self.updates: list[JSON] = []  # not yet confirmed by an offset
        self.delivered: dict[int, JSON] = {}  # every update ever created, by id
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self.messages: dict[tuple[int, int], JSON] = {}  # every message (users' and bot's) by (chat, id)
        self.sent: list[SentMessage] = []
        self.calls: list[Call] = []
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id → (file name, bytes)
        self.commands: list[JSON] = []
        self.webhook: JSON | None = None
        self.new_update = asyncio.Event()
        self.new_sent = asyncio.Event()

    # identities
    def now(self) -> int:
        return int(self.clock().timestamp())

    def user(self, user_id: int, first_name: str, language_code: str | None = "zh", **extra: Any) -> JSON:
        data: JSON = {"id": user_id, "is_bot": False, "first_name": first_name, **extra}
        if language_code:
            data["language_code"] = language_code
        self.users[user_id] = data
        self.chats.setdefault(user_id, {"id": user_id, "type": "private", "first_name": first_name})
        return data

    def group(self, chat_id: int, title: str, supergroup: bool = False) -> JSON:
        chat = {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}
        self.chats[chat_id] = chat
        return chat

    def chat_of(self, chat_id: int) -> JSON:
        if chat_id in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    # updates
    def push(self, kind: str, payload: JSON) -> JSON:
        update_id = next(self._update_ids)
        update: JSON = {"update_id": update_id, kind: payload}
        self.updates.append(update)
        self.delivered[update_id] = update
        self.new_update.set()
        return update

    def confirm(self, offset: int) -> None:
        """getUpdates(offset=N) confirms every update below N: they are gone for good."""
        self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def redeliver(self, update_id: int) -> None:
        """Put an already confirmed update back, as Telegram does after a lost confirmation."""
        if all(u["update_id"] != update_id for u in self.updates):
            self.updates.append(self.delivered[update_id])
            self.updates.sort(key=lambda u: u["update_id"])
            self.new_update.set()

    def user_message(self, user: JSON, chat: JSON, **content: Any) -> JSON:
        message: JSON = {
            "message_id": self.next_message_id(chat["id"]),
            "date": self.now(),
            "chat": chat,
            "from": user,
            **content,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        if chat["type"] == "private":
            self.started.add(user["id"])
        return message

    def record_sent(self, sent: SentMessage, message: JSON) -> None:
        self.sent.append(sent)
        self.messages[(sent.chat_id, sent.message_id)] = message
        self.new_sent.set()
