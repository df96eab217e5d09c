"""The `campaign-bot` console script through its real entry point, in subprocesses (SPEC §6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.cli.commandline import EXAMPLE, SCRIPT, run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "campaign.db"


@pytest.mark.parametrize(
    "command",
    [[], ["run"], ["plan"], ["plan", "check"], ["plan", "import"], ["invites"], ["export"], ["demo"]],
)
def test_every_command_has_help(command: list[str], db: Path) -> None:
    proc = run(*command, "--help", db=db, check=True)
    assert "usage: campaign-bot" in proc.stdout


def test_plan_check_accepts_the_example_plan(db: Path) -> None:
    proc = run("plan", "check", str(EXAMPLE), db=db, check=True)
    assert "winter-service-2026" in proc.stdout
    assert not db.exists()  # checking writes nothing


def test_plan_check_warns_of_dates_no_calendar_covers_and_still_succeeds(db: Path, tmp_path: Path) -> None:
    later = tmp_path / "later.yaml"
    later.write_text(EXAMPLE_PLAN_YAML.replace("2027-01-05T18:00", "2027-01-12T18:00"))  # end and 100 %
    proc = run("plan", "check", str(later), db=db, lang="zh", check=True)
    warned = [line for line in proc.stdout.splitlines() if line.startswith("  ! ")]
    # the example names no calendar: its days in 2027 are beyond chinese_calendar's data
    assert warned == [
        "  ! calendar: 2027-01-01 至 2027-01-12 不在法定节假日数据内，按周末休息计算；可在计划的 calendar / 日历 中补充"
    ]
    assert "请留意（不影响导入）：" in proc.stdout
    assert "winter-service-2026" in proc.stdout


def test_plan_check_lists_every_problem_and_fails(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("key: visit", "key: 走访").replace("percent: 80", "percent: 180"))
    proc = run("plan", "check", str(bad), db=db, lang="zh")
    assert proc.returncode == 1
    problems = [line for line in proc.stdout.splitlines() if line.startswith("  - ")]
    assert len(problems) >= 2
    assert "tasks[0].key" in proc.stdout
    assert "milestones[1].percent" in proc.stdout


def test_import_then_invites_then_export(db: Path, tmp_path: Path) -> None:
    run("plan", "import", str(EXAMPLE), db=db, check=True)
    invites = run("invites", db=db, check=True).stdout.strip().splitlines()
    assert len(invites) == 9  # every member of the example roster, none joined yet
    _unit, _unit_name, _name, code, link = invites[0].split("\t")
    assert len(code) >= 8
    assert link == f"https://t.me/county_campaign_bot?start={code}"
    again = run("invites", db=db, check=True).stdout.strip().splitlines()
    assert again == invites  # an unexpired code is reused, not replaced
    scoped = run("invites", "--unit", "bydz", db=db, check=True).stdout.strip().splitlines()
    assert {line.split("\t")[0] for line in scoped} == {"bydz", "ql", "sq", "qlj"}
    out = tmp_path / "out" / "export.xlsx"
    run("export", "winter-service-2026", "-o", str(out), db=db, check=True)
    book = openpyxl.load_workbook(out, read_only=True)
    assert len(book.sheetnames) == 7  # with the forecast sheet (issue 11 §3)


def test_reimport_updates_without_duplicating(db: Path) -> None:
    run("plan", "import", str(EXAMPLE), db=db, check=True)
    proc = run("plan", "import", str(EXAMPLE), db=db, check=True)
    assert "Updated" in proc.stdout


def test_bad_inputs_exit_non_zero_with_one_clear_line(db: Path, tmp_path: Path) -> None:
    assert run("plan", "check", str(tmp_path / "missing.yaml"), db=db).returncode == 2
    assert run("export", "no-such-campaign", "-o", str(tmp_path / "x.xlsx"), db=db).returncode == 1
    proc = run("run", db=db)
    assert proc.returncode == 2
    assert "BOT_TOKEN" in proc.stderr


def test_malformed_setting_stops_with_its_name(db: Path) -> None:
    env_db = db
    proc = subprocess.run(
        [str(SCRIPT), "invites"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DATABASE_PATH": str(env_db), "TIMEZONE": "Nowhere/Land"},
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "TIMEZONE" in proc.stderr


def test_export_to_an_unwritable_place_is_one_line(db: Path, tmp_path: Path) -> None:
    run("plan", "import", str(EXAMPLE), db=db, check=True)
    (tmp_path / "afile").write_text("")
    for target in (Path("/proc/x.xlsx"), tmp_path / "afile" / "x.xlsx", tmp_path):
        proc = run("export", "winter-service-2026", "-o", str(target), db=db)
        assert proc.returncode == 1
        assert proc.stderr.strip().splitlines() == [f"cannot write {target}: " + proc.stderr.split(": ", 1)[1].strip()]


def test_plan_check_refuses_hostile_files_with_a_problem_instead_of_crashing(db: Path, tmp_path: Path) -> None:
    from bench.hostile_plans import billion_laughs_yaml, deep_yaml

    deep = tmp_path / "deep.yaml"
    deep.write_bytes(deep_yaml())  # crashed `plan check` with a segmentation fault
    proc = run("plan", "check", str(deep), db=db)
    assert proc.returncode == 1, proc.stderr
    assert "Nested too deeply" in proc.stdout
    laughs = tmp_path / "laughs.yaml"
    laughs.write_bytes(billion_laughs_yaml())
    assert "aliases" in run("plan", "check", str(laughs), db=db).stdout


def test_plan_check_refuses_a_file_beyond_the_size_limit(db: Path, tmp_path: Path) -> None:
    from bot.plans.limits import MAX_FILE_BYTES

    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as out:
        out.truncate(MAX_FILE_BYTES * 50)  # sparse: 100 MB that cost no disk
    proc = run("plan", "check", str(huge), db=db)
    assert proc.returncode == 1
    assert "too large" in proc.stdout


def test_python_dash_m_bot_is_the_same_command_line(db: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "plan", "check", str(EXAMPLE)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "winter-service-2026" in proc.stdout
    assert not db.exists()


def test_plan_import_gives_a_plan_without_a_time_zone_the_settings_defaults(db: Path, tmp_path: Path) -> None:
    import sqlite3

    bare = tmp_path / "bare.yaml"
    bare.write_text(EXAMPLE.read_text().replace("  timezone: Asia/Shanghai\n", "").replace(', at: "09:00"', ""))
    env = {**os.environ, "DATABASE_PATH": str(db), "TIMEZONE": "Asia/Urumqi", "REMINDER_TIME": "10:30"}
    proc = subprocess.run([str(SCRIPT), "plan", "import", str(bare)], capture_output=True, text=True, env=env,
                          timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr + proc.stdout
    with sqlite3.connect(db) as conn:
        zone, settings = conn.execute("SELECT timezone, settings FROM campaigns").fetchone()
    assert zone == "Asia/Urumqi"
    assert '"10:30"' in settings
