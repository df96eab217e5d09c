"""Report handling in process: the real bot (parse, auth, insert, progress, reply) vs the fair
floor, a bare PTB handler that does one durable INSERT and one reply through the same emulator —
same Update objects, same machine, same run."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import aiosqlite
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.scale import NOW, build, clock, machine, table
from bot.app import build_app
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


async def full_bot(emu: BotApiEmulator, tmp: Path, count: int, members: int) -> float:
    db, _ = await build(tmp / "full.db", units=50, members=members, rows=1000)
    await db.close()
    settings = load_settings(database_path=tmp / "full.db", bot_api_base_url=emu.base_url, quiet_hours="")
    app = build_app(settings, clock=clock(), token=emu.token, rate_limit=False, with_scheduler=False)
    await app.initialize()
    assert app.post_init is not None and app.post_shutdown is not None
    await app.post_init(app)
    batch = updates(app.bot, count, members, 1)
    start = time.perf_counter()
    for update in batch:
        await app.process_update(update)
    # An update is finished once its acknowledgement is owed; the clock stops when every one was sent
    # and marked sent (post_stop waits for the chat lanes and writes the last marks).
    await emu.wait_for_sent(predicate=lambda s: "已记录" in s.body, count=count, timeout=600)
    assert app.post_stop is not None
    await app.post_stop(app)
    elapsed = time.perf_counter() - start
    acks = sum(1 for s in emu.sent() if "已记录" in s.body)
    await app.shutdown()
    await app.post_shutdown(app)
    assert acks == count, f"only {acks} of {count} reports were acknowledged"
    return count / elapsed


async def bare_bot(emu: BotApiEmulator, tmp: Path, count: int, members: int) -> float:
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
    batch = updates(app.bot, count, members, 1_000_000)
    start = time.perf_counter()
    for update in batch:
        await app.process_update(update)
    elapsed = time.perf_counter() - start
    acks = sum(1 for s in emu.sent() if s.body == "已记录：入户走访 +1")
    await app.shutdown()
    await conn.close()
    assert acks == count, f"the floor acknowledged only {acks} of {count} reports"
    return count / elapsed


async def main(quick: bool) -> None:
    count, members = (300, 300) if quick else (2000, 1000)
    with tempfile.TemporaryDirectory() as tmp:
        async with BotApiEmulator() as emu:
            for i in range(members):
                emu.user(10_000 + i, f"m{i}")
                emu.world.started.add(10_000 + i)
            full = await full_bot(emu, Path(tmp), count, members)
            bare = await bare_bot(emu, Path(tmp), count, members)
    print(f"# Report handling ({machine()})")
    table(
        f"{count:,} text reports ('走访1 体检1'), {members:,} members, processed one after another",
        [
            ("campaign-bot (parse, auth, insert, standing, reply over HTTP)", f"{full:,.0f} reports/s"),
            ("floor: bare PTB handler (one durable INSERT, one reply)", f"{bare:,.0f} reports/s"),
            ("cost vs the floor (goal ≤ 1.5×)", f"{bare / full:.2f}×"),
        ],
    )


if __name__ == "__main__":
    import sys

    asyncio.run(main("--quick" in sys.argv))
