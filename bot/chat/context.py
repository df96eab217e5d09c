"""Typed access to long-lived objects from handlers (PTB's contexttypesbot pattern).

`context.services.reports` instead of `context.bot_data["reports"]`: mypy checks it, and a
handler cannot run before post_init has opened the database (the property raises clearly).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

if TYPE_CHECKING:
    from bot.chat.acks import Acknowledger
    from bot.services.clock import Clock
    from bot.services.container import Services
    from bot.settings import Settings


class BotData:
    """The application's bot_data. `settings` and `clock` are set by build_app; `services` is
    filled in post_init and emptied in post_shutdown."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.clock: Clock | None = None
        self.services: Services | None = None
        self.acks: Acknowledger | None = None  # sends owed acknowledgements; opened with the services
        self.with_scheduler = True
        self.settle_heap = False  # freeze what start-up built (bot/chat/app.py settle_heap)


@dataclass
class ChatData:
    """Per-chat conversation state kept in memory only (the plan upload's preview). Report
    confirmations are not here: they live in the database (bot/storage/confirmations.py)."""

    pending: dict[str, Any]

    def __init__(self) -> None:
        self.pending = {}


class CampaignContext(CallbackContext[ExtBot[None], dict[Any, Any], ChatData, BotData]):
    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def pending(self) -> dict[str, Any]:
        """This chat's in-memory conversation state (chat_data exists for every chat update)."""
        assert self.chat_data is not None, "pending state needs a chat"
        return self.chat_data.pending

    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not open: post_init has not run or post_shutdown already ran")
        return services

    @property
    def acks(self) -> Acknowledger:
        acks = self.bot_data.acks
        if acks is None:
            raise RuntimeError("acknowledgements are not open: post_init has not run or post_shutdown already ran")
        return acks
