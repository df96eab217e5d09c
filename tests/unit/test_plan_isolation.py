"""The plan checker's child process: a plan comes back whole, a hang or crash is a refusal, and
no child outlives its check — not even when the caller gives up, and never more than a few at once."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from bot.plans import isolated
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.isolated import check_plan_isolated
from bot.plans.limits import CONCURRENT_CHECKS


def _worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, code: str) -> Path:
    """Checker children that each write their pid into tmp_path, then run `code`."""
    script = f"import os, signal, time\nopen({str(tmp_path)!r} + f'/{{os.getpid()}}.pid', 'w')\n{code}\n"
    monkeypatch.setattr(isolated, "WORKER", (sys.executable, "-c", script))
    return tmp_path


async def _children(pids: Path, count: int) -> None:
    """Wait until `count` children have started."""
    for _ in range(1000):
        if len(list(pids.glob("*.pid"))) >= count:
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(f"{count} checker children never started")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_a_good_plan_comes_back_whole_from_the_child() -> None:
    plan, problems = await check_plan_isolated(EXAMPLE_PLAN_YAML.encode(), "plan.yaml")
    assert problems == []
    assert plan is not None
    assert plan.campaign.key == "winter-service-2026"
    assert len(plan.members) == 9


async def test_a_hang_is_refused_at_the_limit_and_the_child_is_gone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pids = _worker(monkeypatch, tmp_path, "time.sleep(600)")
    plan, problems = await check_plan_isolated(b"x", "p.yaml", seconds=1)
    assert plan is None
    assert [(p.key, p.params["seconds"]) for p in problems] == [("plan.check_timeout", "1")]
    [pid] = [int(p.stem) for p in pids.glob("*.pid")]
    assert not _alive(pid)


async def test_a_crash_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _worker(monkeypatch, tmp_path, "os.kill(os.getpid(), signal.SIGSEGV)")
    plan, problems = await check_plan_isolated(b"x", "p.yaml")
    assert plan is None
    assert [p.key for p in problems] == ["plan.check_crashed"]


async def test_a_cancelled_check_kills_its_child(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pids = _worker(monkeypatch, tmp_path, "time.sleep(600)")
    task = asyncio.create_task(check_plan_isolated(b"x", "p.yaml", seconds=600))
    await _children(pids, 1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    [pid] = [int(p.stem) for p in pids.glob("*.pid")]
    assert not _alive(pid)


async def test_no_more_than_a_few_checks_run_at_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A leader sending ten files in a row queues them; the machine is not handed ten parsers."""
    pids = _worker(monkeypatch, tmp_path, "time.sleep(600)")
    tasks = [
        asyncio.create_task(check_plan_isolated(b"x", "p.yaml", seconds=600)) for _ in range(CONCURRENT_CHECKS + 2)
    ]
    await _children(pids, CONCURRENT_CHECKS)
    await asyncio.sleep(0.5)  # room for a child too many to start, if the bound did not hold
    assert len(list(pids.glob("*.pid"))) == CONCURRENT_CHECKS
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert not any(_alive(int(p.stem)) for p in pids.glob("*.pid"))
