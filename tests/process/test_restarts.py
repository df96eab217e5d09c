"""Real restarts: queued updates across SIGTERM, and a reminder that fell due while the bot was down."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from .conftest import BIN, Emulator, bot_env, start_bot, wait_for
from .test_fanout_crash import _plan, _zone

FIRST = 100_000


def _import(emulator: Emulator, tmp_path: Path, minutes_ago: int, cadres: int) -> Path:
    db = tmp_path / "campaign.db"
    plan = tmp_path / "plan.yaml"
    plan.write_text(_plan(_zone(), minutes_ago=minutes_ago, cadres=cadres))
    subprocess.run(
        [str(BIN / "campaign-bot"), "plan", "import", str(plan)],
        env=bot_env(emulator, db),
        check=True,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE campaigns SET created_at = created_at - 3600")
        for i in range(cadres):
            conn.execute("UPDATE members SET telegram_user_id = ? WHERE key = ?", (FIRST + i, f"c{i}"))
    for i in range(cadres):
        emulator.control("user", user_id=FIRST + i, first_name=f"c{i}", started=True)
    return db


def reminders(emulator: Emulator) -> list[str]:
    return [s["text"] for s in emulator.get("sent") if "节点还有" in (s["text"] or "")]


def test_a_reminder_due_during_downtime_arrives_once_with_the_late_mark(emulator: Emulator, tmp_path: Path) -> None:
    db = _import(emulator, tmp_path, minutes_ago=30, cadres=3)  # 09:00-style reminder missed by 30 minutes
    for _ in range(2):  # two starts: the second must not send again
        bot = start_bot(emulator, db, tmp_path / "bot.log")
        try:
            wait_for(lambda: len(reminders(emulator)) >= 3)
            time.sleep(1.5)  # time for a (wrong) second send to show up
        finally:
            bot.send_signal(signal.SIGTERM)
            assert bot.wait(timeout=30) == 0
    texts = reminders(emulator)
    assert len(texts) == 3 and all("补发" in t for t in texts)


def test_sigterm_with_50_queued_updates_loses_none_and_counts_none_twice(emulator: Emulator, tmp_path: Path) -> None:
    db = _import(emulator, tmp_path, minutes_ago=-600, cadres=5)  # reminders far in the future
    for i in range(50):  # queued while the bot is down
        emulator.control("send_text", user_id=FIRST + i % 5, text="走访1")
    bot = start_bot(emulator, db, tmp_path / "bot.log")
    wait_for(lambda: sum(1 for s in emulator.get("sent") if "已记录" in (s["text"] or "")) >= 5, every=0.02)
    bot.send_signal(signal.SIGTERM)  # stop in the middle of the backlog
    assert bot.wait(timeout=30) == 0
    bot = start_bot(emulator, db, tmp_path / "bot.log")
    try:
        wait_for(
            lambda: (
                not emulator.get("pending")
                and len(
                    {
                        (s["chat_id"], s["reply_to"])
                        for s in emulator.get("sent")
                        if s["reply_to"] and "入户走访" in (s["text"] or "")
                    }
                )
                >= 50
            ),
            timeout=60,
        )
    finally:
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=30)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), SUM(delta) FROM reports").fetchone() == (50, 50)
