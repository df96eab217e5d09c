"""Long polling that confirms an update only after it was processed (SPEC §9), with updates of
different chats processed concurrently.

PTB's Updater confirms a batch of updates (by asking for the next offset) as soon as it has
queued them, before any handler ran; a crash then loses fetched-but-unprocessed updates, and a
report committed just before a crash would never be acknowledged. Here an update is confirmed
only after its handler finished: after a crash Telegram redelivers it and the ledger's unique key
turns the repeat into a no-op. A report's handler finishes once the report and its owed
acknowledgement are committed; the acknowledgement is sent then, or at the next start after a crash.
So every committed report is eventually acknowledged, and none is counted twice.

Updates run concurrently across chats, in order within a chat (bot/chat/ordering.py), so they finish
out of order. Telegram's offset confirms every update below it, so the offset only moves up to the
first unfinished update: the finished ones after it stay unconfirmed and would be redelivered
after a crash. While updates are in flight the poller keeps asking for new ones (without long
polling: Telegram returns the unconfirmed ones at once) and skips those it already has.

Telegram returns at most 100 updates from the offset, so an update that stayed unfinished for long
would stop every other chat's new updates from being fetched after about 100 of them. A report's
update therefore does not wait for its acknowledgement: the acknowledgement is recorded as owed in
the report's own transaction and sent by its chat's lane (bot/chat/acks.py), so a 429 holding that chat
holds no update. A redelivered update whose acknowledgement was sent is not answered again.
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

BUSY_POLL = 0.25  # seconds between getUpdates while updates are in flight and none finishes


class ReliablePoller:
    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any], timeout: int = 10) -> None:
        self.app = app
        self.timeout = timeout
        self.offset = 0  # every update below it is finished (Telegram forgets them at the next getUpdates)
        self.processed = 0
        self._open: dict[int, bool] = {}  # fetched updates at or above the offset → finished, in update_id order
        self._tasks: set[asyncio.Task[None]] = set()
        self._started_up_to = -1  # the highest update_id whose processing has begun
        self._stop_above: int | None = None  # when stopping: updates above it are left for the next start
        self._progress = asyncio.Event()

    async def _fetch(self) -> list[Update]:
        # Long poll only when nothing is in flight: otherwise Telegram answers at once with the
        # unconfirmed updates, and the wait for a new one happens in run().
        timeout = 0 if self._open else self.timeout
        updates = await self.app.bot.get_updates(
            offset=self.offset, timeout=timeout, allowed_updates=Update.ALL_TYPES, read_timeout=timeout + 10
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
            new = [u for u in updates if u.update_id >= self.offset and u.update_id not in self._open]
            for update in new:
                self._start(update)
            if self._open and not new:
                await self._wait_for_progress(stop)
        await self._drain()
        await self._confirm()

    def _start(self, update: Update) -> None:
        self._open[update.update_id] = False
        task = asyncio.create_task(self._process(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _process(self, update: Update) -> None:
        async def handle() -> None:
            # Runs once the chat's earlier updates are done. When stopping (SIGTERM), an update is
            # still processed if a later one already began: then everything up to the highest
            # begun update is finished and confirmed, and nothing finished is redelivered.
            if self._stop_above is not None and update.update_id > self._stop_above:
                return
            self._started_up_to = max(self._started_up_to, update.update_id)
            try:
                # process_update runs the handlers to completion and routes their errors to the
                # error handler; only then is the update finished.
                await self.app.process_update(update)
            except Exception:
                log.exception("processing update %s failed", update.update_id)
            self._finish(update.update_id)

        await self.app.update_processor.process_update(update, handle())

    def _finish(self, update_id: int) -> None:
        self._open[update_id] = True
        self.processed += 1
        for key, finished in list(self._open.items()):  # move the offset over the finished prefix
            if not finished:
                break
            del self._open[key]
            self.offset = key + 1
        self._progress.set()

    async def _wait_for_progress(self, stop: asyncio.Event) -> None:
        self._progress.clear()
        waits = [asyncio.ensure_future(self._progress.wait()), asyncio.ensure_future(stop.wait())]
        await asyncio.wait(waits, timeout=BUSY_POLL, return_when=asyncio.FIRST_COMPLETED)
        for waiting in waits:
            waiting.cancel()

    async def _drain(self) -> None:
        """SIGTERM: finish the updates in hand and, in other chats, those before the last one begun;
        the rest of the fetched updates stay unconfirmed, Telegram keeps them for the next start."""
        self._stop_above = self._started_up_to
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _confirm(self) -> None:
        """Tell Telegram what was processed before stopping, so it is not redelivered needlessly."""
        if self.offset:
            with contextlib.suppress(Exception):
                await self.app.bot.get_updates(offset=self.offset, timeout=0, limit=1)
