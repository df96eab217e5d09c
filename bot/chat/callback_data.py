"""Callback data is input (issue 8 B): one typed codec per prefix, used by every callback handler.

Each payload is a small frozen dataclass with `pack()` (≤ 64 bytes, Telegram's limit) and `unpack()`,
which refuses anything that is not exactly what `pack()` writes — a forged, truncated or outdated
payload raises OutdatedButton (answered with a polite alert, nothing changed), never a ValueError.
Decoding checks shape only; values then pass the same checks as typed text in the services (bounds,
max_per_report, the absurd limit, who pressed). Modelled on aiogram's CallbackData factories.

This module holds what every codec shares (the shape checks, `pressed`); the codecs live beside it,
one module per family: callback_report.py (rp rc rq), callback_verify.py (vf), callback_plan.py
(pl cmp tpl), callback_member.py (mp lr).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup

from bot.domain.errors import InvalidInput

T = TypeVar("T")

MAX_BYTES = 64
ID = re.compile(r"[1-9][0-9]{0,17}")  # a positive id that fits in 64 bits, ASCII digits only
TASK = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,23}")  # a task key, as plan validation allows


class OutdatedButton(InvalidInput):
    key = "callback.outdated"


def pressed(unpack: Callable[[str | None], T], query: CallbackQuery) -> T:
    """Decode a press, but only of a button the message really carries. Telegram sends the message
    (with its keyboard as it stands now) along with every press, while the data itself is whatever
    the client chose to send: a payload that is on no button of that message was forged, or belongs
    to a keyboard since replaced, and acts on nothing (e.g. someone else's id on another's keyboard)."""
    markup = getattr(query.message, "reply_markup", None)  # an inaccessible (old) message has none
    if not isinstance(markup, InlineKeyboardMarkup) or not any(
        button.callback_data == query.data for row in markup.inline_keyboard for button in row
    ):
        raise OutdatedButton()
    return unpack(query.data)


def fields(data: str | None, prefix: str, count: int) -> list[str]:
    """The `count` colon-separated fields after `prefix`, or OutdatedButton."""
    if data is None or not data.startswith(prefix) or len(data.encode()) > MAX_BYTES:
        raise OutdatedButton()
    parts = data.removeprefix(prefix).split(":")
    if len(parts) != count:
        raise OutdatedButton()
    return parts


def matched(pattern: re.Pattern[str], text: str) -> str:
    if not pattern.fullmatch(text):
        raise OutdatedButton()
    return text


def yes_no(yes: bool) -> str:
    """A ✅ / ✖ answer as every codec writes it: y or n."""
    return "y" if yes else "n"


def answered_yes(text: str) -> bool:
    """A y / n field read back (True for y); anything else never came from `yes_no`."""
    if text not in ("y", "n"):
        raise OutdatedButton()
    return text == "y"


def message_revision(text: str) -> int:
    """A report message's revision: 0 while it was never edited, else the id of its edit."""
    return 0 if text == "0" else int(matched(ID, text))


def checked(data: str) -> str:
    """What `pack()` returns: a payload over the limit is a bug in the codec, not input."""
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data
