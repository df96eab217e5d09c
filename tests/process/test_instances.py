"""`campaign-bot run` as a real process: single instance, clean shutdown, token kept out of logs."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from .conftest import BIN, TOKEN, Emulator, bot_env, polling, start_bot, wait_for


def test_a_second_instance_on_the_same_database_refuses_to_start(emulator: Emulator, tmp_path: Path) -> None:
    db, log = tmp_path / "campaign.db", tmp_path / "bot.log"
    first = start_bot(emulator, db, log)
    try:
        wait_for(lambda: polling(emulator))
        second = subprocess.run(
            [str(BIN / "campaign-bot"), "run"],
            env=bot_env(emulator, db),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        assert second.returncode == 3
        assert "already runs" in second.stderr
        assert str(db) in second.stderr
        assert first.poll() is None  # the first one is unaffected
    finally:
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0
    text = log.read_text()
    assert TOKEN not in text  # the token never reaches a log
    assert TOKEN.split(":")[1] not in text
    assert "campaign-bot started" in text


def _second_run(emulator: Emulator, db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "campaign-bot"), "run"],
        env=bot_env(emulator, db),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


def test_a_second_instance_through_a_symlink_or_a_hard_link_refuses_to_start(
    emulator: Emulator, tmp_path: Path
) -> None:
    db, log = tmp_path / "campaign.db", tmp_path / "bot.log"
    first = start_bot(emulator, db, log)
    try:
        wait_for(lambda: polling(emulator))
        (tmp_path / "other").mkdir()
        symlinked, hard_linked = tmp_path / "other" / "symlink.db", tmp_path / "other" / "hardlink.db"
        symlinked.symlink_to(db)
        os.link(db, hard_linked)
        for alias in (symlinked, hard_linked):  # another path, the same file: the same database
            second = _second_run(emulator, alias, tmp_path / "other")
            assert second.returncode == 3, second.stderr
            assert "already runs" in second.stderr
            assert f"pid {first.pid}" in second.stderr
        assert first.poll() is None
    finally:
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0
    assert not (tmp_path / "other" / "hardlink.db-wal").exists()  # the refused one never opened the file
