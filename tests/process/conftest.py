"""Real processes: the emulator and `campaign-bot run` as subprocesses, killed for real.

Everything the process tests share lives here: the emulator fixture, starting and stopping the bot,
the drill campaign (a plan imported with the real CLI, its cadres given Telegram ids from FIRST), and
what the emulator and the database show afterwards."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.texts import t

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
TOKEN = "424242:PROCESS-TEST-TOKEN"
RECORDED = t("zh", "report.recorded_header")  # 已记录：
DUPLICATE = t("zh", "report.duplicate")  # 这条消息之前已经记录过，没有重复计数：
FIRST = 100_000  # the Telegram id of the drill's cadre c0; c1 is FIRST + 1, …
HANG = 300.0  # a held acknowledgement never completes while a test runs (the emulator drops it at stop)


class Emulator:
    def __init__(self, proc: subprocess.Popen[str], base_url: str) -> None:
        self.proc = proc
        self.base_url = base_url
        self.root = base_url.removesuffix("/bot")

    def control(self, action: str, **body: Any) -> Any:
        request = urllib.request.Request(
            f"{self.root}/_control/{action}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["result"]

    def get(self, what: str, **query: Any) -> Any:
        suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        with urllib.request.urlopen(f"{self.root}/_control/{what}{suffix}", timeout=10) as response:
            return json.loads(response.read())["result"]


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.emulator", "--port", "0", "--token", TOKEN],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    base_url = proc.stdout.readline().strip()
    try:
        yield Emulator(proc, base_url)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def bot_env(emulator: Emulator, db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "WEBHOOK_"))}
    return (
        env
        | {
            "BOT_TOKEN": TOKEN,
            "BOT_API_BASE_URL": emulator.base_url,
            "DATABASE_PATH": str(db),
            "QUIET_HOURS": "",
            "LOG_LEVEL": "INFO",
        }
        | extra
    )


def start_bot(emulator: Emulator, db: Path, log: Path, **extra: str) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    return subprocess.Popen(
        [str(BIN / "campaign-bot"), "run"],
        env=bot_env(emulator, db, **extra),
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=db.parent,
    )


def stop(bot: subprocess.Popen[bytes]) -> None:
    if bot.poll() is None:
        bot.terminate()
        bot.wait(timeout=30)


def wait_for(predicate: Any, timeout: float = 30.0, every: float = 0.1, *, fail: bool = True) -> Any:
    """Poll until `predicate()` is truthy and return it; at the deadline raise, or return it falsy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    if not fail:
        return predicate()
    raise TimeoutError(f"condition not met within {timeout}s")


def polling(emulator: Emulator) -> bool:
    return any(c["method"] == "getUpdates" for c in emulator.get("calls"))


def ledger(db: Path) -> list[tuple[int, int, int]]:
    """(chat, message, delta) of every report entry in the order written (corrections excluded)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT chat_id, message_id, delta FROM reports WHERE source != 'correction' ORDER BY id"
        ).fetchall()
    return [(int(c), int(m), int(d)) for c, m, d in rows]


def acks(emulator: Emulator) -> dict[tuple[int, int], list[str]]:
    """The bot's replies, by the (chat, message) they answer, in the order sent."""
    found: dict[tuple[int, int], list[str]] = {}
    for s in emulator.get("sent"):
        if s["reply_to"]:
            found.setdefault((s["chat_id"], s["reply_to"]), []).append(s["text"] or "")
    return found


def state(emulator: Emulator, db: Path, log: Path) -> str:
    """What the emulator, the ledger and the bot's log show: the message of a failed wait."""
    pending = [u["update_id"] for u in emulator.get("pending")]
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:]) if log.exists() else ""
    return f"pending={pending}\nledger={ledger(db)}\nacks={acks(emulator)}\nlog:\n{tail}"


def held(emulator: Emulator, method: str = "sendMessage") -> bool:
    """A `timeout` fault on `method` has fired: the bot's request is being held by the emulator now."""
    return [method, "timeout"] in emulator.get("faults")["fired"]


def owed(db: Path) -> list[tuple[int, int]]:
    """(chat, message) of every acknowledgement the database says is still owed."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT chat_id, message_id FROM owed_replies WHERE done_at IS NULL").fetchall()
    return [(int(c), int(m)) for c, m in rows]


def drill_zone() -> ZoneInfo:
    """A zone where it is now between 01:00 and 20:00, so 'today at HH:MM' is unambiguous."""
    for name in ("UTC", "Asia/Shanghai", "America/New_York", "Pacific/Auckland", "Europe/Moscow"):
        if 1 <= datetime.now(ZoneInfo(name)).hour <= 20:
            return ZoneInfo(name)
    raise AssertionError("no suitable zone")


def drill_plan(tz: ZoneInfo, *, minutes_ago: int, cadres: int) -> str:
    """One village led by 村长 with cadres c0…, a reminder `minutes_ago` minutes ago (negative: later
    today) for the 60 % milestone due tonight, and no bulletin."""
    now = datetime.now(tz)
    remind = (now - timedelta(minutes=minutes_ago)).strftime("%H:%M")
    start = (now - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    due = now.strftime("%Y-%m-%dT23:00")
    end = (now + timedelta(days=20)).strftime("%Y-%m-%dT18:00")
    members = "\n".join(f"  - {{name: c{i}, unit: v, role: cadre}}" for i in range(cadres))
    quotas = "\n".join(f"  - {{assignee: c{i}, visit: 10}}" for i in range(cadres))
    return f"""campaign:
  key: crash-drill
  name: 演练
  start: {start}
  end: {end}
  timezone: {tz.key}
  bulletin: off
  reminders: {{days_before: [0], at: "{remind}"}}
tasks:
  - {{key: visit, name: 入户走访, unit: 户, aliases: [走访]}}
milestones:
  - {{percent: 60, due: {due}}}
units:
  - {{code: v, name: 演练村, level: village}}
members:
  - {{name: 村长, unit: v, role: leader}}
{members}
quotas:
{quotas}
"""


def import_drill(emulator: Emulator, tmp_path: Path, *, minutes_ago: int, cadres: int) -> Path:
    """Import the drill plan with `campaign-bot plan import` (as an hour ago, before the reminder time,
    as it would be in real life) and give cadre ci the Telegram id FIRST + i, started; the database."""
    db = tmp_path / "campaign.db"
    plan = tmp_path / "plan.yaml"
    plan.write_text(drill_plan(drill_zone(), minutes_ago=minutes_ago, cadres=cadres))
    subprocess.run(
        [str(BIN / "campaign-bot"), "plan", "import", str(plan)],
        env=bot_env(emulator, db),
        check=True,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE campaigns SET created_at = created_at - 3600")
        for i in range(cadres):
            conn.execute("UPDATE members SET telegram_user_id = ? WHERE key = ?", (FIRST + i, f"c{i}"))
    for i in range(cadres):
        emulator.control("user", user_id=FIRST + i, first_name=f"c{i}", started=True)
    return db
