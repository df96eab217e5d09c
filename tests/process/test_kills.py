"""kill -9 at the two worst moments of a report (SPEC §9, issue 5's fault catalogue), with real processes.

- after the commit, before the acknowledgement: the report must stay recorded once, and the member
  must still get an acknowledgement — the "already recorded, not counted twice" one — after the restart;
- with fetched but unprocessed updates: every one of them must be processed after the restart, once.

The acknowledgement is held back by the emulator (a `timeout` fault on sendMessage to one chat) so the
kill lands in exactly that window; nothing is left to chance or to a sleep.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from .conftest import DUPLICATE, RECORDED, Emulator, acks, held, ledger, start_bot, state, wait_for
from .test_restarts import FIRST, _import

HANG = 300.0  # the held acknowledgement never completes while the test runs (the emulator drops it at stop)


def stop(bot: Any) -> None:
    if bot.poll() is None:
        bot.terminate()
        bot.wait(timeout=30)


def test_kill_9_after_commit_before_reply_acknowledges_after_restart_without_counting_twice(
    emulator: Emulator, tmp_path: Path
) -> None:
    db, log = _import(emulator, tmp_path, minutes_ago=-600, cadres=2), tmp_path / "bot.log"
    emulator.control("inject_fault", method="sendMessage", kind="timeout", chat_id=FIRST, delay=HANG)
    report = emulator.control("send_text", user_id=FIRST, text="走访3")
    key = (FIRST, report["message_id"])
    bot = start_bot(emulator, db, log)
    try:
        wait_for(lambda: held(emulator), every=0.02)  # committed, and its acknowledgement is being held
    finally:
        bot.kill()  # SIGKILL
        bot.wait(timeout=10)
    assert ledger(db) == [(*key, 3)]
    assert key not in acks(emulator)  # the kill came before any acknowledgement …
    assert [u["update_id"] for u in emulator.get("pending")]  # … and before the update was confirmed

    bot = start_bot(emulator, db, log)
    try:
        done = wait_for(lambda: key in acks(emulator) and not emulator.get("pending"), timeout=20, fail=False)
        assert done, state(emulator, db, log)
    finally:
        stop(bot)
    [ack] = acks(emulator)[key]
    assert DUPLICATE in ack and "+3 → 3/10" in ack  # acknowledged once, marked as not counted again
    assert ledger(db) == [(*key, 3)]


def test_kill_9_with_fetched_but_unprocessed_updates_processes_each_once_after_restart(
    emulator: Emulator, tmp_path: Path
) -> None:
    db, log = _import(emulator, tmp_path, minutes_ago=-600, cadres=5), tmp_path / "bot.log"
    # 10 reports from 5 members, queued while the bot is down; the 3rd one's acknowledgement hangs
    reports = [emulator.control("send_text", user_id=FIRST + i % 5, text=f"走访{i + 1}") for i in range(10)]
    keys = [(r["chat"]["id"], r["message_id"]) for r in reports]
    emulator.control("inject_fault", method="sendMessage", kind="timeout", chat_id=keys[2][0], delay=HANG)
    held_chat = [k for k in keys if k[0] == keys[2][0]]  # keys[2] and keys[7]: the same member
    others = [k for k in keys if k not in held_chat]
    bot = start_bot(emulator, db, log)
    try:
        # the other members' reports run while that chat is held: wait until all of them are answered
        wait_for(lambda: held(emulator) and set(acks(emulator)) >= set(others), every=0.02)
    finally:
        bot.kill()
        bot.wait(timeout=10)
    # At the kill: the held chat's first report committed but unacknowledged, its second one behind it
    # (a chat's updates run in order) fetched and untouched; every other chat done.
    assert sorted((c, m) for c, m, _ in ledger(db)) == sorted([*others, keys[2]])
    assert sorted(acks(emulator)) == sorted(others)
    pending = [u["update_id"] for u in emulator.get("pending")]
    assert len(pending) >= 8  # nothing from the held update on was confirmed

    bot = start_bot(emulator, db, log)
    try:
        done = wait_for(lambda: set(acks(emulator)) >= set(keys) and not emulator.get("pending"), 20, fail=False)
        assert done, state(emulator, db, log)
    finally:
        stop(bot)
    # Each report acknowledged as recorded exactly once, except the one in flight, whose only
    # acknowledgement says "already recorded". Finished updates after the held one could not be
    # confirmed (the offset confirms every update below it), so they came back too and were answered
    # "already recorded" as well: told twice, counted once.
    replies = acks(emulator)
    recorded = {k: [r for r in replies[k] if r.startswith(RECORDED)] for k in keys}
    repeated = {k: [r for r in replies[k] if r.startswith(DUPLICATE)] for k in keys}
    assert all(len(recorded[k]) + len(repeated[k]) == len(replies[k]) for k in keys), replies
    assert [len(recorded[k]) for k in keys] == [1, 1, 0] + [1] * 7, replies
    assert len(repeated[keys[2]]) == 1 and len(repeated[keys[7]]) == 0, replies
    assert all(len(repeated[k]) <= 1 for k in keys), replies
    rows = ledger(db)
    assert sorted((c, m) for c, m, _ in rows) == sorted(keys)  # each in the ledger exactly once
    assert sum(d for _, _, d in rows) == sum(range(1, 11))
    with contextlib.closing(sqlite3.connect(db)) as conn:
        per_member = dict(conn.execute("SELECT chat_id, SUM(delta) FROM reports GROUP BY chat_id").fetchall())
    assert per_member == {FIRST + m: (m + 1) + (m + 6) for m in range(5)}
