"""Bot API methods, answered from the World with the shapes and errors Telegram uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.emulator.params import (
    MAX_CAPTION,
    Params,
    Upload,
    check_markup,
    check_text,
    int_param,
    json_param,
    png_size,
    str_param,
    text_params,
)
from bot.emulator.state import JSON, ApiError, SentMessage, World


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
        self.w.commands = json_param(p, "commands") or []
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
        chat_id = int_param(p, "chat_id")
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
        chat = self.w.chat_of(int_param(p, "chat_id"))
        gifts = {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        }
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    def on_getChatMember(self, p: Params) -> JSON:
        self.w.chat_of(int_param(p, "chat_id"))
        user = self.w.users.get(int_param(p, "user_id")) or self.w.bot_user
        return {"status": "member", "user": user}

    def on_leaveChat(self, p: Params) -> bool:
        chat_id = int_param(p, "chat_id")
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
        _set_markup(message, sent.reply_markup)
        self.w.record_sent(sent, message)
        return message

    def on_sendMessage(self, p: Params) -> JSON:
        chat = self._target(p)
        text, mode, markup = text_params(p)
        sent = SentMessage(
            chat["id"],
            self.w.next_message_id(chat["id"]),
            "sendMessage",
            text=text,
            parse_mode=mode,
            reply_markup=markup,
            at=self.w.clock(),
            reply_to=_reply_to(p),
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
        caption, mode, markup = (
            str_param(p, "caption", False),
            str_param(p, "parse_mode", False),
            json_param(p, "reply_markup"),
        )
        if caption:
            check_text(caption, mode, MAX_CAPTION, "caption")
        check_markup(markup)
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
            width, height = png_size(data)
            content: JSON = {"photo": [{**meta, "width": width, "height": height}]}
        else:
            content = {"document": {**meta, "file_name": name}}
        return self._message(chat, sent, **content, **({"caption": caption} if caption else {}))

    def on_sendPhoto(self, p: Params) -> JSON:
        return self._send_file(p, "photo")

    def on_sendDocument(self, p: Params) -> JSON:
        return self._send_file(p, "document")

    def _existing(self, p: Params) -> tuple[JSON, JSON, SentMessage]:
        chat = self.w.chat_of(int_param(p, "chat_id"))
        key = (chat["id"], int_param(p, "message_id"))
        message = self.w.messages.get(key)
        sent = next((s for s in reversed(self.w.sent) if (s.chat_id, s.message_id) == key), None)
        if message is None or sent is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return chat, message, sent

    def on_editMessageText(self, p: Params) -> JSON:
        _, message, sent = self._existing(p)
        text, mode, markup = text_params(p)
        if text == sent.text and markup == sent.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        sent.text, sent.parse_mode, sent.reply_markup, sent.edits = text, mode, markup, sent.edits + 1
        message.update(text=text, edit_date=self.w.now())
        _set_markup(message, markup)
        self.w.new_sent.set()
        return message

    def on_editMessageReplyMarkup(self, p: Params) -> JSON:
        _, message, sent = self._existing(p)
        markup = json_param(p, "reply_markup")
        check_markup(markup)
        sent.reply_markup, sent.edits = markup, sent.edits + 1
        _set_markup(message, markup)
        return message

    def on_deleteMessage(self, p: Params) -> bool:
        _, _, sent = self._existing(p)
        self.w.messages.pop((sent.chat_id, sent.message_id), None)
        return True

    def on_answerCallbackQuery(self, p: Params) -> bool:
        str_param(p, "callback_query_id")
        text = str_param(p, "text", False)
        if text and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    # --- files ---
    def on_getFile(self, p: Params) -> JSON:
        file_id = str_param(p, "file_id") or ""
        if file_id not in self.w.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        name, data = self.w.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(data),
            "file_path": f"documents/{file_id}/{name}",
        }


def _set_markup(message: JSON, markup: Any) -> None:
    """The buttons under a message, as sent or edited: `markup` replaces any it had; none (or no
    keyboard at all) leaves it without."""
    message.pop("reply_markup", None)
    if markup:
        message["reply_markup"] = markup


def _reply_to(p: Params) -> int | None:
    """The message a reply quotes: `reply_parameters` (Bot API 7+) or the older `reply_to_message_id`."""
    parameters = json_param(p, "reply_parameters")
    if isinstance(parameters, dict) and "message_id" in parameters:
        return int(parameters["message_id"])
    return int_param(p, "reply_to_message_id") if p.get("reply_to_message_id") is not None else None
