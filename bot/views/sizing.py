"""Telegram message sizing, shared by handlers and the scheduler."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

TELEGRAM_LIMIT = 4096
ALERT_LIMIT = 200  # answerCallbackQuery's text: plain, at most 200 characters


def telegram_length(text: str) -> int:
    """Telegram counts a message's length in UTF-16 code units: an emoji outside the BMP counts
    twice. Measured on the HTML source, which is never shorter than the text Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


# A tag, an entity, or one character: the pieces an HTML line may be cut between.
_PIECE = re.compile(r"<[^<>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);|.", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)")


def alert_text(text: str) -> str:
    """A catalogue text (HTML, names escaped) as a callback alert shows it: plain text, tags dropped,
    entities read back, within the alert's limit."""
    plain = html.unescape(re.sub(r"<[^<>]*>", "", text))
    return plain if len(plain) <= ALERT_LIMIT else plain[: ALERT_LIMIT - 1] + "…"


def _cut(line: str, limit: int) -> str:
    """The line, or as much of it as fits with "…" and the tags still open closed again: never
    inside an entity or a tag, which would make Telegram refuse the whole message."""
    if telegram_length(line) <= limit:
        return line
    kept: list[str] = []
    open_tags: list[str] = []
    used = telegram_length("…")
    for piece in _PIECE.findall(line):
        tag = _TAG.match(piece) if piece.startswith("<") else None
        after = list(open_tags)
        if tag and tag.group(1):
            if after and after[-1] == tag.group(2):
                after.pop()
        elif tag:
            after.append(tag.group(2))
        closing = sum(len(name) + 3 for name in after)  # "</name>"
        if used + telegram_length(piece) + closing > limit:
            break
        kept.append(piece)
        used += telegram_length(piece)
        open_tags = after
    return "".join(kept) + "…" + "".join(f"</{name}>" for name in reversed(open_tags))


def chunks(lines: Sequence[str], limit: int = TELEGRAM_LIMIT - 96) -> list[str]:
    """Join lines of HTML into messages below Telegram's 4096-character limit, never splitting a
    line (a single over-long line is cut at a safe place; names are at most 64 characters since
    plans are bounded, so only data from before that can make one)."""
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
