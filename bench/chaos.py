"""Chaos drill: reports from many members while the bot is SIGKILLed at random moments and restarted.

    .venv/bin/python -m bench.chaos                 # 1,000 reports from 50 members, 12 random kills
    .venv/bin/python -m bench.chaos --reports 200 --kills 3

Both the bot (`campaign-bot run`) and the emulator are real processes on 127.0.0.1; the emulator
enforces Telegram's rate limits, so the start-up reminder fan-out (to the reporting members and
`--silent` more cadres) takes seconds, and the first kill lands in the middle of it on purpose.
At the end: every acknowledged report is in the ledger exactly once, every report message was
eventually acknowledged (the ReliablePoller redelivers what a kill interrupted), totals equal the
sum of the acknowledged reports, and every cadre got the reminder exactly once, except where a send
was in flight at a kill: that one is recorded `uncertain` (README: never re-sent, never dropped
silently). Prints its figures.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.chaos_checks import DrillRecord, acknowledged, check, reminded, verify

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent
TOKEN = "777:CHAOS-TOKEN"
FIRST_ID = 50_000


class Drill(DrillRecord):
    """A drill run: the record it keeps (bench/chaos_checks.py), and the processes it starts and kills."""

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "WEBHOOK_"))}
        return env | {
            "BOT_TOKEN": TOKEN,
            "BOT_API_BASE_URL": f"{self.root}/bot",
            "DATABASE_PATH": str(self.db),
            "QUIET_HOURS": "",
            "LOG_LEVEL": os.environ.get("CHAOS_LOG_LEVEL", "WARNING"),
        }

    def start_bot(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [str(BIN / "campaign-bot"), "run"],
            env=self.env(),
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            cwd=self.db.parent,
        )


def _plan(cadres: int) -> str:
    tz = next(
        ZoneInfo(n)
        for n in ("UTC", "Asia/Shanghai", "America/New_York", "Pacific/Auckland")
        if 1 <= datetime.now(ZoneInfo(n)).hour <= 20
    )
    now = datetime.now(tz)
    rows = "\n".join(f"  - {{name: c{i}, unit: v, role: cadre}}" for i in range(cadres))
    quotas = "\n".join(f"  - {{assignee: c{i}, visit: 100000}}" for i in range(cadres))
    return f"""campaign: {{key: chaos, name: 混沌演练, start: {(now - timedelta(days=2)):%Y-%m-%dT%H:%M},
  end: {(now + timedelta(days=20)):%Y-%m-%dT18:00}, timezone: {tz.key}, bulletin: off,
  reminders: {{days_before: [0], at: "{(now - timedelta(minutes=1)):%H:%M}"}}}}
tasks:
  - {{key: visit, name: 入户走访, unit: 户, aliases: [走访], max_per_report: 100}}
milestones:
  - {{percent: 60, due: {now:%Y-%m-%dT23:00}}}
units:
  - {{code: v, name: 演练村, level: village}}
members:
{rows}
quotas:
{quotas}
"""


def setup(drill: Drill) -> None:
    plan = drill.db.parent / "plan.yaml"
    cadres = drill.members + drill.silent
    plan.write_text(_plan(cadres))
    subprocess.run(
        [str(BIN / "campaign-bot"), "plan", "import", str(plan)],
        env=drill.env(),
        check=True,
        capture_output=True,
        timeout=120,
    )
    with sqlite3.connect(drill.db) as conn:
        conn.execute("UPDATE campaigns SET created_at = created_at - 3600")  # imported before the reminder time
        for i in range(cadres):
            conn.execute("UPDATE members SET telegram_user_id = ? WHERE key = ?", (FIRST_ID + i, f"c{i}"))
    for i in range(cadres):
        drill.call("user", {"user_id": FIRST_ID + i, "first_name": f"c{i}", "started": True})
    drill.call("rate_limits", {"enabled": True})


def kill_mid_fanout(drill: Drill, bot: subprocess.Popen[bytes]) -> subprocess.Popen[bytes]:
    """SIGKILL once a third of the reminders went out, then restart: the fan-out must resume
    without sending anyone a second reminder."""
    cadres = drill.members + drill.silent
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(reminded(drill)) < cadres // 3:
        time.sleep(0.05)
    drill.fanout_kill_at = len(reminded(drill))
    os.kill(bot.pid, signal.SIGKILL)
    bot.wait()
    drill.kills += 1
    return drill.start_bot()


def play(drill: Drill, reports: int, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    kill_at = set(rng.sample(range(10, reports), min(kills - 1, reports - 10)))
    bot = kill_mid_fanout(drill, drill.start_bot())
    for n in range(reports):
        uid = FIRST_ID + rng.randrange(drill.members)
        count = rng.randint(1, 9)
        message = drill.call("send_text", {"user_id": uid, "text": f"走访{count}"})
        drill.sent[(uid, message["message_id"])] = count
        time.sleep(rng.uniform(0, 0.02))
        if n in kill_at:
            os.kill(bot.pid, signal.SIGKILL)
            bot.wait()
            drill.kills += 1
            time.sleep(rng.uniform(0, 0.3))  # reports keep arriving while it is down
            bot = drill.start_bot()
    last = time.monotonic()
    deadline = last + 120
    while time.monotonic() < deadline and len(acknowledged(drill)) < len(drill.sent):
        time.sleep(0.5)
    drill.catch_up = time.monotonic() - last
    time.sleep(1.0)
    bot.send_signal(signal.SIGTERM)
    bot.wait(timeout=60)


def run(reports: int, members: int, kills: int, seed: int = 1, silent: int = 0) -> tuple[dict[str, Any], list[str]]:
    """`kills` ≥ 1: the first one lands mid-fan-out, the others at random moments among the reports."""
    with tempfile.TemporaryDirectory() as tmp:
        emulator = subprocess.Popen(
            [sys.executable, "-m", "bot.emulator", "--port", "0", "--token", TOKEN],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert emulator.stdout is not None
        root = emulator.stdout.readline().strip().removesuffix("/bot")
        try:
            drill = Drill(root, Path(tmp) / "chaos.db", Path(tmp) / "bot.log", members, silent)
            setup(drill)
            play(drill, reports, kills, seed)
            figures = verify(drill)
            if check(figures):
                print("".join(drill.log.read_text(errors="replace").splitlines(True)[-40:]), file=sys.stderr)
        finally:
            emulator.send_signal(signal.SIGTERM)
            emulator.wait(timeout=30)
    return figures, check(figures)


def drill(reports: int, members: int, silent: int, kills: int, seed: int = 1) -> int:
    """Run and print the figures; 0 when every check held."""
    start = time.monotonic()
    figures, problems = run(reports, members, max(1, kills), seed, silent)
    print(
        f"\n# Chaos drill: {reports} reports, {members} reporting members, {silent} more cadres "
        f"({time.monotonic() - start:.0f} s)"
    )
    for key, value in figures.items():
        print(f"  {key:<26} {value}")
    print("  result                     " + ("OK" if not problems else "FAILED: " + "; ".join(problems)))
    return 0 if not problems else 1


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--silent", type=int, default=250, help="cadres who only receive reminders")
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    return drill(args.reports, args.members, args.silent, args.kills, args.seed)


if __name__ == "__main__":
    raise SystemExit(main())
