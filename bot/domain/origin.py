"""Where a report or a question comes from: a Telegram message at one edit revision (pure values).

Handlers name them, services act on them, the ledger stores them: they live in the domain so the
handlers need not import storage for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.model import ReportSource


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a report came from. (chat, message, revision, task) is unique: a repeat is a no-op."""

    source: ReportSource
    chat_id: int | None = None
    message_id: int | None = None
    revision: int = 0  # 0 for the original message, the edit_date for an edited one


@dataclass(frozen=True, slots=True)
class MessageKey:
    """One Telegram message at one edit revision: what a report, a correction or a question is about."""

    chat_id: int
    message_id: int
    revision: int = 0

    def origin(self, source: ReportSource) -> Origin:
        return Origin(source, self.chat_id, self.message_id, self.revision)
