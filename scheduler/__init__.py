"""Reminders, leader digests, checkpoint and daily bulletins (SPEC §5), exactly once across restarts.

`install(app, services)` is called from the composition root's post_init: it resolves what a
previous process left half-done, then ticks about 0.5 s after start-up (catch-up after downtime)
and every TICK seconds after that. The tick is idempotent, so a late or skipped one loses nothing:
the next one finds whatever is due.

The pace is kept by the event loop's monotonic clock, not by a wall-clock scheduler: APScheduler's
interval waits for a wall-clock moment, so a clock put back by 18 days stopped the ticks for 18
days. Each tick is run with `app.create_task`, which `Application.stop()` awaits: a tick in flight
finishes before the database is closed, and none starts once the application stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram.ext import Application

from bot.services.container import Services

log = logging.getLogger(__name__)
TICK = 30.0  # seconds
FIRST = 0.5  # seconds after start-up: the catch-up tick


async def install(app: Application[Any, Any, Any, Any, Any, Any], services: Services) -> None:
    from scheduler.runner import Runner

    runner = Runner.create(services, app.bot)
    uncertain = await runner.startup()
    if uncertain:
        log.warning("%d notification(s) were in flight when the bot stopped; listed to leaders as uncertain", uncertain)
    ticking: set[asyncio.Task[Any]] = set()

    async def pace() -> None:
        delay = FIRST
        while True:
            await asyncio.sleep(delay)
            if not app.running:  # not started yet, or stopping: look again soon
                delay = FIRST
                continue
            if not ticking:  # one tick at a time: a slow one delays the next, never doubles it
                task = app.create_task(runner.tick(), name="scheduler-tick")
                ticking.add(task)
                task.add_done_callback(ticking.discard)
            delay = TICK

    pacer = asyncio.get_running_loop().create_task(pace(), name="scheduler-pace")
    shutdown = app.post_shutdown

    async def stop_pacing(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        pacer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pacer
        if shutdown is not None:
            await shutdown(application)

    app.post_shutdown = stop_pacing
