"""Telegram message sizing, shared by handlers and the scheduler."""

from __future__ import annotations

from collections.abc import Sequence

TELEGRAM_LIMIT = 4096


def telegram_length(text: str) -> int:
    """Telegram counts a message's length in UTF-16 code units: an emoji outside the BMP counts
    twice. Measured on the HTML source, which is never shorter than the text Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def _cut(line: str, limit: int) -> str:
    while telegram_length(line) > limit:
        line = line[: max(1, len(line) - (telegram_length(line) - limit))]
    return line


def chunks(lines: Sequence[str], limit: int = TELEGRAM_LIMIT - 96) -> list[str]:
    """Join lines into messages below Telegram's 4096-character limit, never splitting a line
    (a single over-long line is cut, which only happens with absurd names)."""
    out: list[str] = []
    current = ""
    for line in lines:
        line = _cut(line, limit)
        if current and telegram_length(current) + 1 + telegram_length(line) > limit:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out
