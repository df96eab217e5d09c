"""SPEC §9 "files are bounded and parsed off the event loop": a hostile plan upload is refused in
the leader's language and changes nothing, and while it is being checked every other user is
answered as usual — even when the checker hangs or crashes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench.hostile_plans import billion_laughs_yaml, deep_yaml, far_cell_xlsx, long_name_yaml, zip_bomb_xlsx
from bot.plans import isolated
from tests.harness import Harness
from tests.harness import plan_tables as _plan_tables

HOSTILE = [
    ("laughs.yaml", billion_laughs_yaml(), "别名"),
    ("deep.yaml", deep_yaml(), "嵌套层数过多"),
    ("far.xlsx", far_cell_xlsx(), "XFD"),
    ("bomb.xlsx", zip_bomb_xlsx(64 * 1024 * 1024), "解压后超过"),
    ("long.yaml", long_name_yaml(), "太长"),
]


async def test_each_hostile_plan_file_is_refused_in_the_leaders_language_and_changes_nothing(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    zhang = await h.join("张三", 3004)
    stored = await _plan_tables(h)
    for count, (filename, data, says) in enumerate(HOSTILE, start=1):
        await h.say(county, "/plan")
        before = len(h.emu.sent(county["id"]))
        h.emu.send_document(county, filename, data)
        [ack] = await h.say(zhang, "走访1")  # someone else's report, sent meanwhile, is answered
        assert f"{count}/20" in ack.body
        [refusal] = await h.emu.wait_for_sent(county["id"], after=before, timeout=30)
        assert says in refusal.body, (filename, refusal.body)
        assert refusal.buttons() == []
    await h.emu.settle()
    assert await _plan_tables(h) == stored  # the plan tables; only 张三's reports were recorded


def _misbehaving_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, code: str) -> Path:
    """Point the plan checker at a child that records its pid, then runs `code`."""
    pid_file = tmp_path / "checker.pid"
    script = f"import os, sys, time, signal\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\n{code}\n"
    monkeypatch.setattr(isolated, "WORKER", (sys.executable, "-c", script))
    return pid_file


async def test_a_checker_that_hangs_delays_no_other_user_and_is_killed_at_the_limit(
    h: Harness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pid_file = _misbehaving_worker(monkeypatch, tmp_path, "time.sleep(600)")
    monkeypatch.setattr(isolated, "CHECK_SECONDS", 3.0)
    county = await h.join("陈主任", 3001)
    zhang = await h.join("张三", 3004)
    stored = await _plan_tables(h)
    await h.say(county, "/plan")
    before = len(h.emu.sent(county["id"]))
    h.emu.send_document(county, "plan.yaml", long_name_yaml(10))
    [ack] = await h.say(zhang, "走访1")  # sent after the upload, answered while it is being checked
    assert "+1" in ack.body
    assert h.emu.sent(county["id"])[before:] == []  # the checker is still running
    [refusal] = await h.emu.wait_for_sent(county["id"], after=before, timeout=20)
    assert "3 秒" in refusal.body
    assert "没有导入" in refusal.body
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped, not left running
    await h.emu.settle()
    assert await _plan_tables(h) == stored


async def test_a_checker_that_crashes_is_a_refusal_and_the_bot_carries_on(
    h: Harness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _misbehaving_worker(monkeypatch, tmp_path, "os.kill(os.getpid(), signal.SIGSEGV)")
    county = await h.join("陈主任", 3001)
    stored = await _plan_tables(h)
    await h.say(county, "/plan")
    before = len(h.emu.sent(county["id"]))
    h.emu.send_document(county, "plan.yaml", long_name_yaml(10))
    [refusal] = await h.emu.wait_for_sent(county["id"], after=before, timeout=20)
    assert "无法读取" in refusal.body
    [me] = await h.say(county, "/me")  # the bot is alive and answers
    assert me.body
    assert await _plan_tables(h) == stored


async def test_progress_stays_sendable_with_a_4100_character_unit_name_stored_before_the_limit(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    for shift in range(4):  # moves the cut across the entities of the escaped name
        async with h.services.db.transaction() as conn:  # data from before names were bounded at import
            await conn.execute("UPDATE units SET name = ? WHERE code = 'bydz'", ("x" * shift + "白洋渡&<镇>" * 600,))
        # The header, the line of the long name cut to fit, then the rest of the ranking.
        _header, long_line, rest = await h.say(county, "/progress", expect=3)
        assert "白洋渡&amp;&lt;镇&gt;" in long_line.body  # escaped, cut safely
        assert long_line.body.endswith("…")
        assert "元木镇" in rest.body


async def test_a_plan_with_thousands_of_problems_gets_one_message_listing_the_first_ones(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    await h.say(county, "/plan")
    plan = long_name_yaml(10).decode().replace("role: cadre}", "role: 村民}")  # every member's role is wrong
    plan = plan.replace(
        "members:\n", "members:\n" + "".join(f"  - {{name: 坏{i}, unit: u1, role: x}}\n" for i in range(3000))
    )
    before = len(h.emu.sent(county["id"]))
    h.emu.send_document(county, "plan.yaml", plan.encode())
    [listing] = await h.emu.wait_for_sent(county["id"], after=before, timeout=30)
    await h.emu.settle()
    assert h.emu.sent(county["id"])[before:] == [listing]  # not 3,000 lines over dozens of messages
    assert "3002" in listing.body
    assert "members[0].role" in listing.body
    assert "还有" in listing.body
