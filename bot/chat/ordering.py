"""Updates run concurrently across chats and one at a time, in order, within a chat.

One chat waiting (a 429's retry_after, a slow reply) must not delay anyone else's answer, so
updates are not processed one after another. But within a chat order matters: a member's edit
must be applied after the report it corrects, an acknowledgement must never overtake the commit
of the previous report, and a confirmation keypad is answered in the order it was pressed. So each
update takes its chat's lock; asyncio locks are first come, first served, and updates reach the
processor in the order Telegram numbered them (the poller starts them in that order, PTB's webhook
queue too), so a chat's updates run in update_id order. Writes to the database are serialised
anyway (bot/storage/db.py), so concurrency costs no consistency. A report's acknowledgement is
sent inside its update, or when something holds it back by that chat's lane (bot/chat/acks.py),
which keeps the same order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256  # PTB's default for concurrent_updates(True)


def chat_key(update: object) -> int | str:
    """The lane an update runs in: its chat; the user for chat-less updates (inline queries);
    one shared lane for anything else."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return f"user:{update.effective_user.id}"
    return "other"


class ChatOrderedProcessor(BaseUpdateProcessor):
    """PTB's hook for concurrent processing (Application.concurrent_updates), ordered per chat."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | str, tuple[asyncio.Lock, int]] = {}  # chat → (lock, updates holding or awaiting it)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]  # no update of this chat is waiting: forget it
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
