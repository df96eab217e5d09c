"""`campaign-bot run` start-up through the real entry point (SPEC §7): the token never reaches the
output, and every bad setting (token, API URL, database, webhook) is one line naming it, no traceback."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "campaign-bot"
TOKEN = "123456:SECRETTOKENabcdefXYZ"
SECRET_HALF = TOKEN.split(":")[1]


@pytest.fixture(scope="module")
def emulator() -> Iterator[str]:
    """The Bot API emulator as its own process on 127.0.0.1; yields its base_url (…/bot)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.emulator", "--port", "0", "--token", TOKEN], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "WEBHOOK_", "LOG_"))}
    return env | {"DATABASE_PATH": str(tmp_path / "data" / "campaign.db"), "QUIET_HOURS": ""} | settings


def _run(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=_env(tmp_path, **settings), cwd=tmp_path, timeout=60
    )


def _one_line(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    """The error is the last stderr line; nothing before it is a traceback."""
    assert "Traceback" not in proc.stderr, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("campaign-bot: "), proc.stderr
    for needle in needles:
        assert needle in last, proc.stderr
    return last


def _calls(base_url: str) -> list[dict[str, object]]:
    root = base_url.removesuffix("/bot")
    with urllib.request.urlopen(f"{root}/_control/calls", timeout=10) as response:
        result: list[dict[str, object]] = json.loads(response.read())["result"]
        return result


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_debug_logging_never_shows_the_token(emulator: str, tmp_path: Path) -> None:
    before = len([c for c in _calls(emulator) if c["method"] == "getUpdates"])
    proc = subprocess.Popen(
        [str(SCRIPT), "run"],
        env=_env(tmp_path, BOT_TOKEN=TOKEN, BOT_API_BASE_URL=emulator, LOG_LEVEL="DEBUG"),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if len([c for c in _calls(emulator) if c["method"] == "getUpdates"]) >= before + 3:
                break
            time.sleep(0.2)
        time.sleep(1)  # a few more polls' worth of DEBUG lines
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-3000:]
    assert "Set Bot API URL" in err  # PTB's DEBUG logging did run …
    assert "getUpdates" in err
    for text in (out, err):
        assert TOKEN not in text  # … without the token
        assert SECRET_HALF not in text


def test_a_rejected_token_is_one_line_that_does_not_echo_it(emulator: str, tmp_path: Path) -> None:
    wrong = "111:WRONGWRONGWRONGWRONG"
    proc = _run(tmp_path, "run", BOT_TOKEN=wrong, BOT_API_BASE_URL=emulator)
    assert proc.returncode == 2
    _one_line(proc, "BOT_TOKEN", "rejected")
    assert "WRONGWRONG" not in proc.stderr + proc.stdout


def test_an_unreachable_bot_api_is_one_line_naming_the_setting(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/bot"
    proc = _run(tmp_path, "run", BOT_TOKEN=TOKEN, BOT_API_BASE_URL=url)
    assert proc.returncode == 2
    _one_line(proc, "BOT_API_BASE_URL", url)
    assert SECRET_HALF not in proc.stderr


def test_a_webhook_without_a_secret_is_refused(tmp_path: Path) -> None:
    # Without a secret anyone who finds the URL could post fake updates (.env.example promises 403).
    proc = _run(tmp_path, "run", BOT_TOKEN=TOKEN, WEBHOOK_URL="https://bot.example.org/telegram")
    assert proc.returncode == 2
    _one_line(proc, "WEBHOOK_SECRET", "WEBHOOK_URL")


@pytest.mark.parametrize("command", [["run"], ["invites"], ["plan", "import", "missing-is-fine.yaml"]])
@pytest.mark.parametrize("where", ["empty", "directory", "under a file", "unwritable"])
def test_a_bad_database_path_is_one_line_naming_it(tmp_path: Path, where: str, command: list[str]) -> None:
    (tmp_path / "afile").write_text("not a folder")
    value = {"empty": "", "directory": str(tmp_path), "under a file": str(tmp_path / "afile" / "c.db")}.get(
        where,
        "/proc/campaign.db",  # /proc refuses new files even to root
    )
    if command[0] == "plan":  # a readable plan, so the database is what fails
        from bot.plans.example import EXAMPLE_PLAN_YAML

        (tmp_path / command[2]).write_text(EXAMPLE_PLAN_YAML)
    proc = _run(tmp_path, *command, BOT_TOKEN=TOKEN, DATABASE_PATH=value, BOT_API_BASE_URL="http://127.0.0.1:9/bot")
    assert proc.returncode == 2
    _one_line(proc, "DATABASE_PATH")


def test_a_database_from_a_newer_bot_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "data" / "campaign.db"
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    for command in (["invites"], ["run"]):
        proc = _run(tmp_path, *command, BOT_TOKEN=TOKEN, BOT_API_BASE_URL="http://127.0.0.1:9/bot")
        assert proc.returncode == 2
        _one_line(proc, "DATABASE_PATH", "99", "upgrade")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99  # untouched


def test_log_level_is_accepted_in_any_case(tmp_path: Path) -> None:
    proc = _run(tmp_path, "invites", LOG_LEVEL="debug")
    assert proc.returncode == 0, proc.stderr
