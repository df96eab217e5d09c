"""`campaign-bot reconcile CAMPAIGN FILE` through the real entry point: as the operator, every problem
printed with a non-zero exit and nothing stored, or the discrepancies beyond tolerance."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.cli.commandline import run
from tests.harness import SH

KEY = "winter-service-2026"
HEADER = "单位或人员,任务,核查数,来源,截至日期\n"


def _campaign_around_today(tmp_path: Path) -> Path:
    """The example plan, running from 2020 to 2035: the command line runs on the real clock, and an
    as-of date must be neither in the future nor outside the campaign."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(EXAMPLE_PLAN_YAML.replace("start: 2026-11-12T08:00", "start: 2020-01-01T08:00"))
    return plan


def _stored(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT source, member_id FROM reconciliations").fetchall()


def test_a_file_with_problems_prints_every_one_and_exits_non_zero(tmp_path: Path) -> None:
    db = tmp_path / "data" / "campaign.db"
    run("plan", "import", str(_campaign_around_today(tmp_path)), db=db, check=True)
    day = (datetime.now(SH).date() - timedelta(days=2)).isoformat()
    check = tmp_path / "check.csv"
    check.write_text(HEADER + f"七星村,走访,3,县卫健局抽查,{day}\n张三,走访,x,县卫健局抽查,{day}\n")
    proc = run("reconcile", KEY, str(check), db=db)
    assert proc.returncode == 1
    assert "2 problem(s)" in proc.stdout
    assert "A2: No unit or member “七星村” among those you may check." in proc.stdout
    assert "C3: The checked count “x” is not a whole number" in proc.stdout
    assert _stored(db) == []


def test_a_clean_file_is_stored_as_the_operators_and_its_discrepancies_printed(tmp_path: Path) -> None:
    db = tmp_path / "data" / "campaign.db"
    run("plan", "import", str(_campaign_around_today(tmp_path)), db=db, check=True)
    day = (datetime.now(SH).date() - timedelta(days=2)).isoformat()
    check = tmp_path / "check.csv"
    check.write_text(HEADER + f"七岭村,走访,3,县卫健局抽查,{day}\n张三,体检,0,县卫健局抽查,{day}\n")
    proc = run("reconcile", KEY, str(check), db=db, check=True)
    assert "2 row(s), 1 beyond tolerance" in proc.stdout
    assert "七岭村 · 入户走访: reported 0, checked 3, difference -3" in proc.stdout
    assert _stored(db) == [("县卫健局抽查", None)]


def test_an_unknown_campaign_fails_with_one_clear_line(tmp_path: Path) -> None:
    db = tmp_path / "data" / "campaign.db"
    run("plan", "import", str(_campaign_around_today(tmp_path)), db=db, check=True)
    check = tmp_path / "check.csv"
    check.write_text(HEADER + "七岭村,走访,3,县卫健局抽查,2026-11-20\n")
    proc = run("reconcile", "no-such-campaign", str(check), db=db)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "no campaign no-such-campaign"
