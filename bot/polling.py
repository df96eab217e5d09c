"""Long polling that confirms an update only after it was processed (SPEC §9).

PTB's Updater confirms a batch of updates (by asking for the next offset) as soon as it has
queued them, before any handler ran; a crash then loses fetched-but-unprocessed updates, and a
report committed just before a crash would never be acknowledged. Here an update is confirmed
only after its handler finished: after a crash Telegram redelivers it, the ledger's unique key
turns the repeat into a no-op, and the reply ("already recorded") is sent then. So every
committed report is eventually acknowledged, and none is counted twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

log = logging.getLogger(__name__)


class ReliablePoller:
    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any], timeout: int = 10) -> None:
        self.app = app
        self.timeout = timeout
        self.offset = 0
        self.processed = 0

    async def _fetch(self) -> list[Update]:
        updates = await self.app.bot.get_updates(
            offset=self.offset, timeout=self.timeout, allowed_updates=Update.ALL_TYPES, read_timeout=self.timeout + 10
        )
        return list(updates)

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 1.0
        while not stop.is_set():
            fetch = asyncio.ensure_future(self._fetch())
            stopping = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if stopping in done:
                fetch.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await fetch
                break
            stopping.cancel()
            try:
                updates = fetch.result()
            except RetryAfter as flood:
                wait = flood.retry_after
                await asyncio.sleep(wait.total_seconds() if isinstance(wait, timedelta) else float(wait))
                continue
            except (NetworkError, TimedOut) as error:
                log.warning("getUpdates failed (%s); retrying in %.0f s", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 1.0
            for update in updates:
                if stop.is_set():
                    # SIGTERM: finish the update in hand, leave the rest of the batch unconfirmed;
                    # Telegram keeps them and the next start processes them.
                    break
                # process_update runs the handlers to completion and routes their errors to the
                # error handler; only then is the update confirmed by moving the offset past it.
                await self.app.process_update(update)
                self.offset = update.update_id + 1
                self.processed += 1
        await self._confirm()

    async def _confirm(self) -> None:
        """Tell Telegram what was processed before stopping, so it is not redelivered needlessly."""
        if self.offset:
            with contextlib.suppress(Exception):
                await self.app.bot.get_updates(offset=self.offset, timeout=0, limit=1)
