"""kill -9 while the reply to /undo is in flight (issue 8 B): after the restart Telegram delivers the
/undo again, and it must revert nothing more — before, it reverted the previous, acknowledged report too.
The reply is held by the emulator (a `timeout` fault), so the kill lands in exactly that window."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from bot.texts import t

from .conftest import FIRST, HANG, Emulator, acks, held, import_drill, start_bot, state, stop, wait_for

ALREADY = t("zh", "undo.again").split("。")[0]  # 这条撤回指令已经处理过，没有再次撤回


def texts(emulator: Emulator) -> list[str]:
    return [s["text"] or "" for s in emulator.get("sent", chat_id=FIRST)]


def counted(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT COALESCE(SUM(delta), 0) FROM reports").fetchone()[0])


def test_kill_9_while_answering_undo_then_the_redelivered_undo_reverts_nothing_more(
    emulator: Emulator, tmp_path: Path
) -> None:
    db, log = import_drill(emulator, tmp_path, minutes_ago=-600, cadres=1), tmp_path / "bot.log"
    bot = start_bot(emulator, db, log)
    try:
        for text in ("走访3", "走访4"):
            report = emulator.control("send_text", user_id=FIRST, text=text)
            wait_for(lambda r=report: (FIRST, r["message_id"]) in acks(emulator))
        emulator.control("inject_fault", method="sendMessage", kind="timeout", chat_id=FIRST, delay=HANG)
        emulator.control("send_command", user_id=FIRST, text="/undo")
        wait_for(lambda: held(emulator), every=0.02)  # committed, and its reply is being held
    finally:
        bot.kill()  # SIGKILL
        bot.wait(timeout=10)
    assert counted(db) == 3  # the undo took effect once …
    assert emulator.get("pending")  # … and Telegram was never told the /undo was done

    bot = start_bot(emulator, db, log)
    try:
        done = wait_for(lambda: not emulator.get("pending"), timeout=20, fail=False)  # the /undo again
        assert done, state(emulator, db, log)
    finally:
        stop(bot)
    assert counted(db) == 3  # 走访3 was acknowledged: the redelivered /undo left it alone
    assert any(ALREADY in x for x in texts(emulator)), texts(emulator)
