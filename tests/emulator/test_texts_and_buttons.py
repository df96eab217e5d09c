"""A message's text, parse mode and buttons are read and checked as Telegram checks them, the same for a
new message and an edit (bot/emulator/params.py `text_params`); the buttons a message carries are the
ones it was last sent or edited with."""

from __future__ import annotations

import json

import pytest

from bot.emulator.methods import Methods
from bot.emulator.params import MAX_TEXT, text_params
from bot.emulator.state import ApiError, World

KEYBOARD = {"inline_keyboard": [[{"text": "✅", "callback_data": "pl:y:1"}]]}
OVERLONG_DATA = {"inline_keyboard": [[{"text": "x", "callback_data": "x" * 65}]]}  # Telegram allows 64 bytes
OVERLONG_DATA = {"inline_keyboard": [[{"text": "x", "callback_data": "x" * 65}]]}  # Telegram's limit is 64 bytes


def test_the_text_its_parse_mode_and_its_buttons_are_read_from_the_request() -> None:
    params = {"text": "<b>hi</b>", "parse_mode": "HTML", "reply_markup": json.dumps(KEYBOARD)}
    assert text_params(params) == ("<b>hi</b>", "HTML", KEYBOARD)
    assert text_params({"text": "hi"}) == ("hi", None, None)


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, "text is empty"),
        ({"text": "  "}, "message text is empty"),
        ({"text": "x" * (MAX_TEXT + 1)}, "message is too long"),
        ({"text": "<i>hi", "parse_mode": "HTML"}, "can't parse entities"),
        ({"text": "hi", "reply_markup": OVERLONG_DATA}, "BUTTON_DATA_INVALID"),
    ],
)
def test_a_text_or_buttons_telegram_would_refuse_are_refused(params: dict[str, object], error: str) -> None:
    with pytest.raises(ApiError) as refused:
        text_params(params)
    assert refused.value.code == 400
    assert error in refused.value.description


def test_a_message_carries_the_buttons_it_was_last_sent_or_edited_with() -> None:
    world = World("1:token")
    world.user(1001, "张三")
    world.started.add(1001)
    methods = Methods(world)
    sent = methods.on_sendMessage({"chat_id": 1001, "text": "hi", "reply_markup": KEYBOARD})
    assert sent["reply_markup"] == KEYBOARD
    where = {"chat_id": 1001, "message_id": sent["message_id"]}

    assert "reply_markup" not in methods.on_editMessageText({**where, "text": "changed"})
    assert methods.on_editMessageReplyMarkup({**where, "reply_markup": KEYBOARD})["reply_markup"] == KEYBOARD
    assert "reply_markup" not in methods.on_editMessageReplyMarkup(where)
    assert "reply_markup" not in methods.on_sendMessage({"chat_id": 1001, "text": "no buttons"})
