"""Telegram message sizing, shared by handlers and the scheduler."""

from __future__ import annotations

from collections.abc import Sequence

TELEGRAM_LIMIT = 4096


def chunks(lines: Sequence[str], limit: int = TELEGRAM_LIMIT - 96) -> list[str]:
    """Join lines into messages below Telegram's 4096-character limit, never splitting a line
    (a single over-long line is cut, which only happens with absurd names)."""
    out: list[str] = []
    current = ""
    for line in lines:
        line = line[:limit]
        if current and len(current) + 1 + len(line) > limit:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out
