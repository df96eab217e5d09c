"""Report handling in process: the real bot (parse, auth, insert, progress, reply) vs the fair
floor, a bare PTB handler that does one durable INSERT and one reply through the same emulator —
same Update objects, same machine, same run.

    .venv/bin/python -m bench.reports [--quick] [--count N] [--members M] [--warm] [--profile FILE]

`--profile FILE` runs the same contest under cProfile, writes the stats to FILE (read them with
`python -m pstats FILE`) and prints where the bot's own code spends its time; its figures are slower
than without it. Besides wall time (the goal's measure), each side's CPU time per report is printed:
on a machine shared with other work the wall time also counts waiting for a CPU, the CPU time less so.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file (python bench/reports.py): the project root is the package root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiosqlite
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.scale import NOW, build, clock, machine, table
from bot.chat.app import build_app
from bot.domain.model import CalendarSpec
from bot.emulator import BotApiEmulator
from bot.settings import load_settings


def updates(app_bot: Any, count: int, members: int, first_id: int) -> list[Update]:
    out = []
    for i in range(count):
        uid = 10_000 + i % members
        data = {
            "update_id": first_id + i,
            "message": {
                "message_id": first_id + i,
                "date": int(NOW.timestamp()),
                "text": "走访1 体检1",
                "chat": {"id": uid, "type": "private", "first_name": "x"},
                "from": {"id": uid, "is_bot": False, "first_name": "x", "language_code": "zh"},
            },
        }
        out.append(Update.de_json(data, app_bot))
    return out


FLOOR_IDS = 1_000_000  # the floor's updates and messages are numbered from here
ROUNDS = 10  # the two run in alternating slices, so a busy neighbour on the machine slows both alike


async def full_bot(emu: BotApiEmulator, tmp: Path, members: int) -> Any:
    # The working calendar a plan gets when it names none (chinese_calendar): what real campaigns count by.
    db, _ = await build(tmp / "full.db", units=50, members=members, rows=1000, calendar=CalendarSpec())
    await db.close()
    settings = load_settings(database_path=tmp / "full.db", bot_api_base_url=emu.base_url, quiet_hours="")
    # Started as `campaign-bot run` starts it: what start-up built is set aside from full collections
    # (settle_heap); the floor, built after it in the same process, gains from that too.
    app = build_app(settings, clock=clock(), token=emu.token, rate_limit=False, with_scheduler=False, settle_heap=True)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    return app


async def bare_bot(emu: BotApiEmulator, tmp: Path) -> tuple[Any, aiosqlite.Connection]:
    conn = await aiosqlite.connect(tmp / "bare.db", isolation_level=None)
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA synchronous = FULL")  # same durability as the bot
    await conn.execute("CREATE TABLE r (chat INTEGER, message INTEGER, text TEXT)")

    async def insert(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await conn.execute("BEGIN IMMEDIATE")
        await conn.execute("INSERT INTO r VALUES (?, ?, ?)", (update.message.chat_id, update.message.message_id, ""))
        await conn.execute("COMMIT")
        await update.message.reply_text("已记录：入户走访 +1", do_quote=True)

    app = ApplicationBuilder().token(emu.token).base_url(emu.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, insert))
    await app.initialize()
    return app, conn


def is_bot_ack(sent: Any) -> bool:
    return "已记录" in sent.body and sent.reply_to is not None and sent.reply_to < FLOOR_IDS


async def timed(
    app: Any, batch: list[Update], emu: BotApiEmulator | None = None, acked: int = 0
) -> tuple[float, float, float]:
    """Seconds (wall, process CPU, CPU of the event loop's thread) to process the batch. For the bot
    (emu given) the clock stops only when the acknowledgements of every report so far (`acked`) were
    sent: an update is finished once its acknowledgement is owed, and per-chat lanes send it after.
    The process's CPU less the loop thread's is what SQLite's threads (aiosqlite) used."""
    start, cpu, loop = time.perf_counter(), time.process_time(), time.thread_time()
    for update in batch:
        await app.process_update(update)
    if emu is not None:
        await emu.wait_for_sent(predicate=is_bot_ack, count=acked, timeout=600)
    return time.perf_counter() - start, time.process_time() - cpu, time.thread_time() - loop


WARM_IDS = 500_000  # the warm-up's updates, on each side's own numbering


async def contest(
    emu: BotApiEmulator, tmp: Path, count: int, members: int, warm: bool = False
) -> tuple[list[float], list[float], list[float]]:
    """Wall, CPU and loop-thread CPU seconds of the bot and of the floor ([bot, floor] each), run in
    alternating slices of the same batch. `warm`: every member reports once on each side before the
    clock starts — a bot that has run a while, whose senders' contexts are kept (bot/services/senders.py)."""
    full = await full_bot(emu, tmp, members)
    bare, conn = await bare_bot(emu, tmp)
    batches = updates(full.bot, count, members, 1), updates(bare.bot, count, members, FLOOR_IDS)
    warmed = members if warm else 0
    if warm:
        await timed(full, updates(full.bot, members, members, WARM_IDS), emu, acked=members)
        await timed(bare, updates(bare.bot, members, members, FLOOR_IDS + WARM_IDS))
    elapsed, cpu, loop = [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]
    size = -(-count // ROUNDS)
    for i in range(ROUNDS):
        for side in (0, 1) if i % 2 == 0 else (1, 0):
            part = batches[side][i * size : (i + 1) * size]
            if side == 0:
                wall, used, in_loop = await timed(full, part, emu, acked=warmed + min(count, (i + 1) * size))
            else:
                wall, used, in_loop = await timed(bare, part)
            elapsed[side] += wall
            cpu[side] += used
            loop[side] += in_loop
    acks = sum(1 for s in emu.sent() if is_bot_ack(s))
    floor_acks = sum(1 for s in emu.sent() if s.body == "已记录：入户走访 +1")
    assert full.post_stop is not None
    await full.post_stop(full)  # writes the last "sent" marks of the acknowledgement lanes
    await full.shutdown()
    assert full.post_shutdown is not None
    await full.post_shutdown(full)
    await bare.shutdown()
    await conn.close()
    assert acks == count + warmed, f"only {acks} of {count + warmed} reports were acknowledged"
    assert floor_acks == count + warmed, f"the floor acknowledged only {floor_acks} of {count + warmed} reports"
    return elapsed, cpu, loop


async def main(quick: bool, count: int | None = None, members: int | None = None, warm: bool = False) -> None:
    count, members = count or (300 if quick else 2000), members or (300 if quick else 1000)
    with tempfile.TemporaryDirectory() as tmp:
        async with BotApiEmulator() as emu:
            for i in range(members):
                emu.user(10_000 + i, f"m{i}")
                emu.world.started.add(10_000 + i)
            elapsed, cpu, loop = await contest(emu, Path(tmp), count, members, warm)
    full, bare = count / elapsed[0], count / elapsed[1]
    print(f"# Report handling ({machine()})")
    table(
        f"{count:,} text reports ('走访1 体检1'), {members:,} members, processed one after another, "
        f"bot and floor alternating in {ROUNDS} slices"
        + (", every member reported once before (warm)" if warm else ""),
        [
            ("campaign-bot (parse, auth, insert, standing, reply over HTTP)", f"{full:,.0f} reports/s"),
            ("floor: bare PTB handler (one durable INSERT, one reply)", f"{bare:,.0f} reports/s"),
            ("cost vs the floor (goal ≤ 1.5×)", f"{bare / full:.2f}×"),
            (
                "CPU per report, bot / floor (whole process)",
                f"{cpu[0] / count * 1000:.2f} ms / {cpu[1] / count * 1000:.2f} ms",
            ),
            ("CPU cost vs the floor", f"{cpu[0] / cpu[1]:.2f}×"),
            (
                "  of which in the event loop's thread, bot / floor",
                f"{loop[0] / count * 1000:.2f} ms / {loop[1] / count * 1000:.2f} ms",
            ),
            (
                "  of which in SQLite's threads, bot / floor",
                f"{(cpu[0] - loop[0]) / count * 1000:.2f} ms / {(cpu[1] - loop[1]) / count * 1000:.2f} ms",
            ),
        ],
    )


def cli() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="300 reports from 300 members (default 2,000 from 1,000)")
    parser.add_argument("--count", type=int, help="how many reports each side handles")
    parser.add_argument("--members", type=int, help="how many members report")
    parser.add_argument("--profile", metavar="FILE", help="run under cProfile and write the stats to FILE")
    parser.add_argument(
        "--warm", action="store_true", help="every member reports once on each side before the clock starts"
    )
    args = parser.parse_args()
    run = main(args.quick, args.count, args.members, args.warm)
    if not args.profile:
        asyncio.run(run)
        return
    profile = cProfile.Profile()
    profile.runcall(asyncio.run, run)
    profile.dump_stats(args.profile)
    print(f"\n## Where the bot's own code spends its time (cumulative, both sides' run; stats in {args.profile})")
    pstats.Stats(args.profile).sort_stats("cumulative").print_stats(r"/bot/(handlers|services|storage|chat)/", 25)


if __name__ == "__main__":
    cli()
