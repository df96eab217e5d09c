"""Real processes: the emulator and `campaign-bot run` as subprocesses, killed for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
TOKEN = "424242:PROCESS-TEST-TOKEN"


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


def wait_for(predicate: Any, timeout: float = 30.0, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"condition not met within {timeout}s")


def polling(emulator: Emulator) -> bool:
    return any(c["method"] == "getUpdates" for c in emulator.get("calls"))
