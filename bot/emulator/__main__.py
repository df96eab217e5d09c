"""`python -m bot.emulator --port 8081`: the emulator on its own. Prints the base_url first."""

from __future__ import annotations

import argparse
import asyncio
import signal

from bot.emulator.client import BotApiEmulator
from bot.emulator.control import add_control_routes


async def _serve(port: int, token: str, username: str) -> None:
    emu = BotApiEmulator(token=token, port=port, bot_username=username)
    add_control_routes(emu.server.app, emu)  # before start: the routes of a running app are frozen
    await emu.start()
    print(emu.base_url, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await emu.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.emulator", description="Local Telegram Bot API emulator")
    parser.add_argument("--port", type=int, default=8081, help="port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--token", default="123456:TEST-TOKEN", help="the only bot token it accepts")
    parser.add_argument("--username", default="campaign_test_bot", help="the bot's @username")
    args = parser.parse_args()
    asyncio.run(_serve(args.port, args.token, args.username))


if __name__ == "__main__":
    main()
