"""A burst of reports while one chat is held by a long 429: the time to acknowledgement of every
other chat, against the ideal of Telegram's 30 messages/s (the production poller over HTTP, the
emulator enforcing Telegram's limits)."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.scale import build, clock, machine, table
from bot.chat.app import BackgroundPoll, build_app
from bot.emulator import BotApiEmulator
from bot.logging_setup import configure_logging
from bot.settings import load_settings

HELD_FOR = 25  # seconds: the 429's retry_after in the held chat
FIRST = 10_000  # build() gives member i the Telegram id FIRST + i


def ideal_latencies(arrivals: list[float], rate: float = 30.0) -> list[float]:
    """Each acknowledgement as early as 30 messages/s allows, in arrival order."""
    out, free = [], 0.0
    for at in arrivals:
        free = max(at, free + 1 / rate)
        out.append(free - at)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def run(count: int, spread: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db, _ = await build(Path(tmp) / "b.db", units=max(12, count // 20), members=count + 1, rows=0)
        await db.close()
        async with BotApiEmulator() as emu:
            users = [emu.user(FIRST + i, f"m{i}") for i in range(count + 1)]
            emu.world.started.update(u["id"] for u in users)
            emu.rate_limits(enabled=True)
            settings = load_settings(database_path=Path(tmp) / "b.db", bot_api_base_url=emu.base_url, quiet_hours="")
            polling = BackgroundPoll(build_app(settings, clock=clock(), token=emu.token, with_scheduler=False))
            await polling.start()
            held, others = users[0], users[1:]
            emu.inject_fault("sendMessage", "429", retry_after=HELD_FOR, chat_id=held["id"])
            emu.send_text(held, "走访1")  # first in the queue
            sent_at: dict[int, datetime] = {}
            start = time.perf_counter()
            for i, user in enumerate(others):  # evenly over `spread` seconds
                await asyncio.sleep(max(0.0, start + i * spread / count - time.perf_counter()))
                sent_at[user["id"]] = datetime.now(UTC)
                emu.send_text(user, "走访1 体检1")
            acked = await emu.wait_for_sent(
                predicate=lambda s: s.chat_id != held["id"] and "已记录" in s.body, count=count, timeout=180
            )
            [held_ack] = await emu.wait_for_sent(held["id"], lambda s: "已记录" in s.body, timeout=60)
            await polling.stop()
    latencies = [(s.at - sent_at[s.chat_id]).total_seconds() for s in acked]
    arrivals = sorted((at - min(sent_at.values())).total_seconds() for at in sent_at.values())
    ideal = ideal_latencies(arrivals)
    return {
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 95),
        "ideal_p50": statistics.median(ideal),
        "ideal_p95": percentile(ideal, 95),
        "last": max(s.at for s in acked).timestamp() - min(sent_at.values()).timestamp(),
        "held": (held_ack.at - min(sent_at.values())).total_seconds(),
        "refused": sum(1 for c in emu.calls if c.status == 429),
    }


async def main(quick: bool) -> None:
    configure_logging("WARNING")
    count = 200 if quick else 500
    spread = 10.0
    r = await run(count, spread)
    print(f"# Burst with one chat held ({machine()})")
    table(
        f"{count:,} cadres report within {spread:.0f} s while one chat is held by a {HELD_FOR}-s 429 "
        "(emulator enforcing 30 msg/s overall, 1 msg/s per chat)",
        [
            ("time to acknowledgement of the other chats, p50", f"{r['p50']:.1f} s (ideal {r['ideal_p50']:.1f} s)"),
            ("time to acknowledgement of the other chats, p95", f"{r['p95']:.1f} s (ideal {r['ideal_p95']:.1f} s)"),
            ("last of them acknowledged after", f"{r['last']:.1f} s (ideal N/30 = {count / 30:.1f} s)"),
            ("the held chat acknowledged after", f"{r['held']:.1f} s"),
            ("429 answers from the emulator", f"{r['refused']:.0f}"),
        ],
    )


if __name__ == "__main__":
    import sys

    asyncio.run(main("--quick" in sys.argv))
