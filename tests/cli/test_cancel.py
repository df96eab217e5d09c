"""`campaign-bot cancel KEY` through the real entry point, and what the scheduler does after it."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import datetime
from pathlib import Path

from scheduler.runner import Runner
from tests.cli.commandline import EXAMPLE, run
from tests.harness import SH, Harness

KEY = "winter-service-2026"


def _audit(db: Path) -> list[tuple[str, int | None, dict[str, object]]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT action, campaign_id, details FROM audit_log ORDER BY id").fetchall()
    return [(action, cid, json.loads(details)) for action, cid, details in rows]


def test_cancel_has_help(tmp_path: Path) -> None:
    proc = run("cancel", "--help", db=tmp_path / "data" / "campaign.db", check=True)
    assert "usage: campaign-bot cancel" in proc.stdout
    assert "campaign" in proc.stdout


def test_cancel_marks_the_campaign_once_and_audits_it(tmp_path: Path) -> None:
    db = tmp_path / "data" / "campaign.db"
    run("plan", "import", str(EXAMPLE), db=db, check=True)
    proc = run("cancel", KEY, db=db, check=True)
    assert f"Cancelled campaign 冬季健康服务集中活动 ({KEY})" in proc.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT cancelled FROM campaigns WHERE key = ?", (KEY,)).fetchone() == (1,)
    cancels = [row for row in _audit(db) if row[0] == "campaign_cancel"]
    assert len(cancels) == 1
    assert cancels[0][1] is not None
    assert cancels[0][2]["campaign"] == KEY
    again = run("cancel", KEY, db=db, lang="zh", check=True)  # idempotent, and not audited twice
    assert "早已取消" in again.stdout
    assert len([row for row in _audit(db) if row[0] == "campaign_cancel"]) == 1


def test_reimporting_the_plan_does_not_revive_a_cancelled_campaign(tmp_path: Path) -> None:
    db = tmp_path / "data" / "campaign.db"
    run("plan", "import", str(EXAMPLE), db=db, check=True)
    run("cancel", KEY, db=db, check=True)
    run("plan", "import", str(EXAMPLE), db=db, check=True)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT cancelled FROM campaigns WHERE key = ?", (KEY,)).fetchone() == (1,)


def test_cancel_of_an_unknown_key_fails_with_one_clear_line(tmp_path: Path) -> None:
    db = tmp_path / "data" / "campaign.db"
    run("plan", "import", str(EXAMPLE), db=db, check=True)
    proc = run("cancel", "no-such-campaign", db=db)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "no campaign no-such-campaign"
    assert not [row for row in _audit(db) if row[0] == "campaign_cancel"]


async def test_after_cancel_the_running_bot_sends_nothing_more_for_the_campaign(h: Harness) -> None:
    # Someone for every kind of notification: a cadre behind, leaders, a bound group.
    await h.join("张三", 1001)
    await h.join("李书记", 2002)
    town = await h.join("郭镇长", 2001)
    await h.bound_group(town, -100502, "镇群")
    runner = Runner.create(h.services, h.app.bot)
    await runner.tick()
    before = len(h.emu.sent())
    # The operator cancels from a terminal while the bot runs on the same database.
    proc = await asyncio.to_thread(run, "cancel", KEY, db=h.settings.database_path)
    assert proc.returncode == 0, proc.stderr
    for when in (
        datetime(2026, 11, 20, 18, 0, 30, tzinfo=SH),  # daily bulletin
        datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH),  # 60 % reminders and digests
        datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH),  # 60 % checkpoint: bulletin and missed list
    ):
        h.clock.set(when)
        await runner.tick()
    assert h.emu.sent()[before:] == []  # not to the cadre, the leaders, nor the group
