"""A chat held by a long 429 holds back no other chat, however many updates arrive meanwhile (SPEC §9).

Telegram's getUpdates returns at most 100 updates from the oldest unconfirmed one. If the held chat's
update stayed unconfirmed until its acknowledgement was sent, the 101st update of another chat would
not even be fetched before the hold ended. The acknowledgement is owed durably instead (committed with
the report), so the held update is finished at once and the offset moves on.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from bench.scale import build, clock
from bot.chat.app import BackgroundPoll, build_app
from bot.emulator import BotApiEmulator
from bot.settings import load_settings

FIRST = 10_000  # bench.scale.build gives member i the Telegram id FIRST + i
OTHERS = 120  # more than the 100 updates one getUpdates returns
FOREVER = 3600  # the held chat's retry_after: it outlasts the test, so "still held" is a state


def _ledger_per_chat(path: Path) -> dict[int, int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT chat_id, SUM(delta) FROM reports GROUP BY chat_id").fetchall()
    return {int(c): int(d) for c, d in rows}


async def test_a_chat_held_by_a_long_429_holds_back_none_of_more_than_100_other_chats(
    emu: BotApiEmulator, tmp_path: Path
) -> None:
    path = tmp_path / "held.db"
    db, _ = await build(path, units=12, members=OTHERS + 1, rows=0)
    await db.close()
    users = [emu.user(FIRST + i, f"m{i}") for i in range(OTHERS + 1)]
    held, others = users[0], users[1:]
    settings = load_settings(database_path=path, bot_api_base_url=emu.base_url, quiet_hours="")
    polling = BackgroundPoll(build_app(settings, clock=clock(), token=emu.token, with_scheduler=False))
    await polling.start()
    try:
        emu.inject_fault("sendMessage", "429", retry_after=FOREVER, chat_id=held["id"])
        emu.send_text(held, "走访1")  # the oldest update: its acknowledgement is refused for an hour
        for user in others:
            emu.send_text(user, "走访2")
        acked = await emu.wait_for_sent(
            predicate=lambda s: s.chat_id != held["id"] and "已记录" in s.body, count=OTHERS, timeout=45
        )
        assert {s.chat_id for s in acked} == {u["id"] for u in others}  # every other chat is answered …
        assert ("sendMessage", "429") in emu.server.faults.fired
        assert not [s for s in emu.sent(held["id"]) if "已记录" in s.body]  # … while the held one is still held
    finally:
        await polling.stop()  # SIGTERM while the acknowledgement is still owed
    # The next start sends what is owed: the held member is answered once, and nothing counts twice.
    polling = BackgroundPoll(build_app(settings, clock=clock(), token=emu.token, with_scheduler=False))
    await polling.start()
    try:
        await emu.wait_for_sent(held["id"], lambda s: "已记录" in s.body, timeout=30)
        await emu.settle()
    finally:
        await polling.stop()
    assert len([s for s in emu.sent(held["id"]) if "已记录" in s.body]) == 1
    twice = {u["id"]: [s.body for s in emu.sent(u["id"])] for u in others if len(emu.sent(u["id"])) != 1}
    assert all(len([s for s in emu.sent(u["id"]) if "已记录" in s.body]) == 1 for u in others), twice
    assert _ledger_per_chat(path) == {held["id"]: 1, **{u["id"]: 2 for u in others}}
