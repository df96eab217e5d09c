"""Reminders, leader digests, checkpoint and daily bulletins (SPEC §5), exactly once across restarts.

`install(app, services)` is called from the composition root's post_init: it resolves what a
previous process left half-done, runs a first tick at once (catch-up after downtime) and then
one every TICK seconds on PTB's JobQueue (APScheduler 3). The tick is idempotent, so a missed
or coalesced run loses nothing: the next one finds whatever is due.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application

from bot.services.container import Services

log = logging.getLogger(__name__)
TICK = 30.0  # seconds


async def install(app: Application[Any, Any, Any, Any, Any, Any], services: Services) -> None:
    from scheduler.runner import Runner

    runner = Runner.create(services, app.bot)
    uncertain = await runner.startup()
    if uncertain:
        log.warning("%d notification(s) were in flight when the bot stopped; listed to leaders as uncertain", uncertain)

    async def tick(_: object) -> None:
        await runner.tick()

    assert app.job_queue is not None, "python-telegram-bot[job-queue] is required"
    # No misfire grace limit and coalescing: a tick delayed by a busy loop still runs (once).
    app.job_queue.run_repeating(
        tick,
        interval=TICK,
        first=0.5,
        name="scheduler-tick",
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )
