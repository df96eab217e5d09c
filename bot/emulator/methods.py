"""Bot API methods, answered from the World with the shapes and errors Telegram uses."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from bot.emulator.state import JSON, ApiError, SentMessage, World

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
HTML_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}


class Upload:
    """A file part of a multipart request."""

    def __init__(self, filename: str, data: bytes) -> None:
        self.filename = filename
        self.data = data


Params = dict[str, Any]


def _str(p: Params, name: str, required: bool = True) -> str | None:
    value = p.get(name)
    if value is None:
        if required:
            raise ApiError(400, f"Bad Request: {name} is empty")
        return None
    return value if isinstance(value, str) else str(value)


def _int(p: Params, name: str, default: int | None = None) -> int:
    value = p.get(name)
    if value is None:
        if default is None:
            raise ApiError(400, f"Bad Request: {name} is empty")
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: invalid {name} specified") from None


def _json(p: Params, name: str) -> Any:
    value = p.get(name)
    if value is None or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None


class _HtmlCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HTML_TAGS:
            self.error = f'Unsupported start tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.error = f'Unexpected end tag "{tag}"'


def _check_text(text: str, parse_mode: str | None, limit: int, what: str = "message") -> None:
    if not text.strip():
        raise ApiError(400, f"Bad Request: {what} text is empty")
    if len(text) > limit:
        raise ApiError(400, f"Bad Request: {what} is too long")
    if parse_mode and parse_mode.upper() == "HTML":
        check = _HtmlCheck()
        check.feed(text)
        if check.error or check.stack:
            raise ApiError(400, f"Bad Request: can't parse entities: {check.error or 'unclosed tag'}")


def _check_markup(markup: Any) -> None:
    if not markup:
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return (0, 0)


class Methods:
    def __init__(self, world: World) -> None:
        self.w = world
        self.table: dict[str, Callable[[Params], Any]] = {
            name[3:]: getattr(self, name) for name in dir(self) if name.startswith("on_")
        }

    # --- identity and housekeeping ---
    def on_getMe(self, p: Params) -> JSON:
        return {
            **self.w.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def on_setMyCommands(self, p: Params) -> bool:
        self.w.commands = _json(p, "commands") or []
        return True

    def on_getMyCommands(self, p: Params) -> list[JSON]:
        return self.w.commands

    def on_deleteMyCommands(self, p: Params) -> bool:
        self.w.commands = []
        return True

    def on_close(self, p: Params) -> bool:
        return True

    def on_logOut(self, p: Params) -> bool:
        return True

    def on_sendChatAction(self, p: Params) -> bool:
        self._target(p)
        return True

    # --- chats ---
    def _target(self, p: Params) -> JSON:
        chat_id = _int(p, "chat_id")
        chat = self.w.chat_of(chat_id)
        if chat["type"] == "private":
            if chat_id in self.w.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if chat_id not in self.w.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif chat_id not in self.w.bot_in:
            raise ApiError(403, "Forbidden: bot is not a member of the group chat")
        return chat

    def on_getChat(self, p: Params) -> JSON:
        chat = self.w.chat_of(_int(p, "chat_id"))
        gifts = {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        }
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    def on_getChatMember(self, p: Params) -> JSON:
        self.w.chat_of(_int(p, "chat_id"))
        user = self.w.users.get(_int(p, "user_id")) or self.w.bot_user
        return {"status": "member", "user": user}

    def on_leaveChat(self, p: Params) -> bool:
        chat_id = _int(p, "chat_id")
        self.w.chat_of(chat_id)
        self.w.bot_in.discard(chat_id)
        return True

    # --- sending ---
    def _message(self, chat: JSON, sent: SentMessage, **content: Any) -> JSON:
        message: JSON = {
            "message_id": sent.message_id,
            "date": self.w.now(),
            "chat": chat,
            "from": self.w.bot_user,
            **content,
        }
        if sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        self.w.record_sent(sent, message)
        return message

    def on_sendMessage(self, p: Params) -> JSON:
        chat = self._target(p)
        text, mode, markup = _str(p, "text") or "", _str(p, "parse_mode", False), _json(p, "reply_markup")
        _check_text(text, mode, MAX_TEXT)
        _check_markup(markup)
        sent = SentMessage(
            chat["id"],
            self.w.next_message_id(chat["id"]),
            "sendMessage",
            text=text,
            parse_mode=mode,
            reply_markup=markup,
            at=self.w.clock(),
        )
        return self._message(chat, sent, text=text)

    def _file(self, p: Params, field: str) -> tuple[str, bytes]:
        value = p.get(field)
        if isinstance(value, Upload):
            return value.filename, value.data
        if isinstance(value, str) and value in self.w.files:
            return self.w.files[value]
        raise ApiError(400, f"Bad Request: there is no {field} in the request")

    def _send_file(self, p: Params, field: str) -> JSON:
        chat = self._target(p)
        name, data = self._file(p, field)
        caption, mode, markup = _str(p, "caption", False), _str(p, "parse_mode", False), _json(p, "reply_markup")
        if caption:
            _check_text(caption, mode, MAX_CAPTION, "caption")
        _check_markup(markup)
        file_id = f"F{len(self.w.files) + 1:06d}"
        self.w.files[file_id] = (name, data)
        sent = SentMessage(
            chat["id"],
            self.w.next_message_id(chat["id"]),
            f"send{field.title()}",
            caption=caption,
            parse_mode=mode,
            reply_markup=markup,
            filename=name,
            at=self.w.clock(),
            photo=data if field == "photo" else None,
            document=data if field == "document" else None,
        )
        meta = {"file_id": file_id, "file_unique_id": file_id, "file_size": len(data)}
        if field == "photo":
            width, height = _png_size(data)
            content: JSON = {"photo": [{**meta, "width": width, "height": height}]}
        else:
            content = {"document": {**meta, "file_name": name}}
        return self._message(chat, sent, **content, **({"caption": caption} if caption else {}))

    def on_sendPhoto(self, p: Params) -> JSON:
        return self._send_file(p, "photo")

    def on_sendDocument(self, p: Params) -> JSON:
        return self._send_file(p, "document")

    def _existing(self, p: Params) -> tuple[JSON, JSON, SentMessage]:
        chat = self.w.chat_of(_int(p, "chat_id"))
        key = (chat["id"], _int(p, "message_id"))
        message = self.w.messages.get(key)
        sent = next((s for s in reversed(self.w.sent) if (s.chat_id, s.message_id) == key), None)
        if message is None or sent is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return chat, message, sent

    def on_editMessageText(self, p: Params) -> JSON:
        _, message, sent = self._existing(p)
        text, mode, markup = _str(p, "text") or "", _str(p, "parse_mode", False), _json(p, "reply_markup")
        _check_text(text, mode, MAX_TEXT)
        _check_markup(markup)
        if text == sent.text and markup == sent.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        sent.text, sent.parse_mode, sent.reply_markup, sent.edits = text, mode, markup, sent.edits + 1
        message.update(text=text, edit_date=self.w.now())
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        self.w.new_sent.set()
        return message

    def on_editMessageReplyMarkup(self, p: Params) -> JSON:
        _, message, sent = self._existing(p)
        markup = _json(p, "reply_markup")
        _check_markup(markup)
        sent.reply_markup, sent.edits = markup, sent.edits + 1
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    def on_deleteMessage(self, p: Params) -> bool:
        _, _, sent = self._existing(p)
        self.w.messages.pop((sent.chat_id, sent.message_id), None)
        return True

    def on_answerCallbackQuery(self, p: Params) -> bool:
        _str(p, "callback_query_id")
        text = _str(p, "text", False)
        if text and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    # --- files ---
    def on_getFile(self, p: Params) -> JSON:
        file_id = _str(p, "file_id") or ""
        if file_id not in self.w.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        name, data = self.w.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(data),
            "file_path": f"documents/{file_id}/{name}",
        }
