"""Reminder fan-out against the emulator enforcing Telegram's 30 msg/s: wall time vs the ideal."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from bench.scale import SH, build, machine, table
from bot.chat.app import build_app
from bot.emulator import BotApiEmulator
from bot.logging_setup import configure_logging
from bot.services.clock import ManualClock
from bot.settings import load_settings
from scheduler.runner import Runner

REMINDER_TIME = datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH)  # 3 days before the 60 % milestone


async def run(count: int) -> tuple[float, int, int, int]:
    """Returns wall time, cadres reminded, cadres reminded more than once, and 429 answers."""
    with tempfile.TemporaryDirectory() as tmp:
        db, _ = await build(Path(tmp) / "f.db", units=max(12, count // 20), members=count, rows=0)
        await db.close()
        async with BotApiEmulator() as emu:
            for i in range(count):
                emu.user(10_000 + i, f"m{i}")
                emu.world.started.add(10_000 + i)
            emu.rate_limits(enabled=True)
            settings = load_settings(database_path=Path(tmp) / "f.db", bot_api_base_url=emu.base_url, quiet_hours="")
            app = build_app(settings, clock=ManualClock(REMINDER_TIME), token=emu.token, with_scheduler=False)
            await app.initialize()
            assert app.post_init is not None
            assert app.post_shutdown is not None
            await app.post_init(app)
            assert app.bot_data.services is not None
            runner = Runner.create(app.bot_data.services, app.bot)
            start = time.perf_counter()
            await runner.tick()
            elapsed = time.perf_counter() - start
            per_chat = Counter(s.chat_id for s in emu.sent() if "节点还有" in s.body)
            refused = sum(1 for c in emu.calls if c.status == 429)
            await app.shutdown()
            await app.post_shutdown(app)
    return elapsed, len(per_chat), sum(1 for n in per_chat.values() if n > 1), refused


async def main(quick: bool) -> None:
    configure_logging("WARNING")  # as `campaign-bot run` does: one line per failed send, no tracebacks
    count = 300 if quick else 1000
    elapsed, delivered, twice, refused = await run(count)
    ideal = count / 30
    print(f"# Fan-out ({machine()})")
    table(
        f"{count:,} reminders, emulator enforcing 30 msg/s overall and 1 msg/s per chat",
        [
            ("cadres reminded", f"{delivered:,} of {count:,}"),
            ("reminded more than once", f"{twice}"),
            ("wall time", f"{elapsed:.1f} s"),
            ("ideal at 30 msg/s", f"{ideal:.1f} s"),
            ("overhead vs ideal", f"{(elapsed / ideal - 1) * 100:+.0f} %"),
            ("429 answers from the emulator", f"{refused}"),
        ],
    )


if __name__ == "__main__":
    import sys

    asyncio.run(main("--quick" in sys.argv))
