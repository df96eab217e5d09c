"""A process that died before Telegram heard an update was handled: the next one gets it again."""

from __future__ import annotations

from tests.harness import Harness, start_app, stop_app


async def restart_and_redeliver(h: Harness, update_id: int) -> None:
    """The process died before Telegram heard the update was done: the new process gets it again."""
    await stop_app(h.app)
    h.emu.redeliver(update_id)
    h.app = await start_app(h.emu, h.settings, h.clock)


def last_update_id(h: Harness) -> int:
    return max(h.emu.world.delivered)
