"""Request parameters and the checks Telegram applies to them (text length, HTML, buttons)."""

from __future__ import annotations

import html
import json
import re
import struct
from html.parser import HTMLParser
from typing import Any

from bot.emulator.state import ApiError

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


def str_param(p: Params, name: str, required: bool = True) -> str | None:
    value = p.get(name)
    if value is None:
        if required:
            raise ApiError(400, f"Bad Request: {name} is empty")
        return None
    return value if isinstance(value, str) else str(value)


def int_param(p: Params, name: str, default: int | None = None) -> int:
    value = p.get(name)
    if value is None:
        if default is None:
            raise ApiError(400, f"Bad Request: {name} is empty")
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: invalid {name} specified") from None


def json_param(p: Params, name: str) -> Any:
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


def check_text(text: str, parse_mode: str | None, limit: int, what: str = "message") -> None:
    if not text.strip():
        raise ApiError(400, f"Bad Request: {what} text is empty")
    # Telegram measures the text after entity parsing, in UTF-16 code units (an emoji counts twice).
    visible = html.unescape(re.sub(r"<[^>]*>", "", text)) if parse_mode and parse_mode.upper() == "HTML" else text
    if len(visible.encode("utf-16-le")) // 2 > limit:
        raise ApiError(400, f"Bad Request: {what} is too long")
    if parse_mode and parse_mode.upper() == "HTML":
        check = _HtmlCheck()
        check.feed(text)
        if check.error or check.stack:
            raise ApiError(400, f"Bad Request: can't parse entities: {check.error or 'unclosed tag'}")


def check_markup(markup: Any) -> None:
    if not markup:
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def text_params(p: Params) -> tuple[str, str | None, Any]:
    """A new or edited message's text, parse mode and buttons, checked as Telegram checks them."""
    text, mode, markup = str_param(p, "text") or "", str_param(p, "parse_mode", False), json_param(p, "reply_markup")
    check_text(text, mode, MAX_TEXT)
    check_markup(markup)
    return text, mode, markup


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return (0, 0)
