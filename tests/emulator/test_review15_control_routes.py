"""Review 15: the emulator's HTTP control API (/_control/…) is served only where something in another
process drives it — `python -m bot.emulator` (the process tests, the chaos drill) adds it before start.
In-process users (tests/conftest.py, the demo, the benchmarks) call the emulator's methods directly,
so an emulator made in-process answers no control route, and adding the routes before start serves them."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

from bot.emulator import BotApiEmulator
from bot.emulator.control import add_control_routes


def _get(url: str) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())["result"]
    except urllib.error.HTTPError as error:
        return error.code, None


async def test_an_emulator_made_in_process_serves_no_control_route() -> None:
    async with BotApiEmulator() as emu:
        root = emu.base_url.removesuffix("/bot")
        status, _ = await asyncio.to_thread(_get, f"{root}/_control/calls")
    assert status == 404


async def test_the_control_routes_added_before_start_are_served() -> None:
    emu = BotApiEmulator()
    add_control_routes(emu.server.app, emu)
    await emu.start()
    try:
        root = emu.base_url.removesuffix("/bot")
        status, calls = await asyncio.to_thread(_get, f"{root}/_control/calls")
    finally:
        await emu.stop()
    assert (status, calls) == (200, [])
