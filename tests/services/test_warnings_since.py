"""Warnings switched on mid-campaign (issue 11 §5) count forward only: the ladder counts the checkpoints
due after the import that switched it on or changed its thresholds; a ladder present from the first
import counts them all, and re-importing the same plan restarts nothing. The example plan: 张三 has the
only personal quota and reports nothing, so he misses 60 % (5 Dec), 80 % (15 Dec) and 100 % (5 Jan)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.domain.warnings import WarningLevel
from bot.plans import load_plan
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.settings import load_settings
from bot.storage.db import Database
from tests.services.warning_world import LADDER, Example, levels, open_example, plan_with, steps

SLOWER = "  warnings: {yellow_after: 1, red_after: 3, public_after: 4}\n"


async def reimport(example: Example, extra: str) -> None:
    """A leader re-imports the plan a day after the latest checkpoint judged."""
    example.clock.set(example.clock() + timedelta(days=1))
    await example.services.plans.import_plan(load_plan(plan_with(extra), "plan.yaml"))


async def reopened(example: Example, tmp_path: Path) -> Example:
    """The same database after a restart: what the ladder counts from must survive it."""
    await example.services.db.close()
    db = await Database.open(tmp_path / "campaign.db")
    clock = ManualClock(example.clock())
    settings = load_settings(database_path=tmp_path / "campaign.db", quiet_hours="")
    return Example(Services.build(settings, db, clock), clock)


async def test_warnings_switched_on_after_two_missed_checkpoints_give_yellow_at_the_next(tmp_path: Path) -> None:
    example = await open_example(tmp_path, extra="")
    try:
        await example.judge(0)
        await example.judge(1)
        await reimport(example, LADDER)
        assert await levels(example) == {}  # the misses before the rule was announced carry no card
        example = await reopened(example, tmp_path)
        assert await example.judge(2)
        assert await steps(example) == [("张三", 100, WarningLevel.YELLOW, 1)]
        assert await levels(example) == {"张三": WarningLevel.YELLOW}
    finally:
        await example.services.db.close()


async def test_a_ladder_present_from_the_first_import_counts_every_checkpoint(tmp_path: Path) -> None:
    example = await open_example(tmp_path)
    try:
        await example.judge(0)
        await reimport(example, LADDER)  # the same plan again: nothing restarts
        await example.judge(1)
        await reimport(example, LADDER)
        await example.judge(2)
        assert await steps(example) == [
            ("张三", 60, WarningLevel.YELLOW, 1),
            ("张三", 80, WarningLevel.RED, 2),
            ("张三", 100, WarningLevel.PUBLIC, 3),
        ]
    finally:
        await example.services.db.close()


async def test_reimporting_the_same_plan_after_switching_warnings_on_does_not_restart_the_count(
    tmp_path: Path,
) -> None:
    example = await open_example(tmp_path, extra="")
    try:
        await example.judge(0)
        await reimport(example, LADDER)
        await example.judge(1)
        await reimport(example, LADDER)
        await example.judge(2)
        assert await steps(example) == [("张三", 80, WarningLevel.YELLOW, 1), ("张三", 100, WarningLevel.RED, 2)]
    finally:
        await example.services.db.close()


async def test_changed_thresholds_count_from_the_import_that_changed_them(tmp_path: Path) -> None:
    example = await open_example(tmp_path)
    try:
        await example.judge(0)
        await example.judge(1)
        await reimport(example, SLOWER)
        await example.judge(2)
        assert await steps(example) == [
            ("张三", 60, WarningLevel.YELLOW, 1),
            ("张三", 80, WarningLevel.RED, 2),
            ("张三", 100, WarningLevel.YELLOW, 1),
        ]
        assert await levels(example) == {"张三": WarningLevel.YELLOW}
    finally:
        await example.services.db.close()


async def test_warnings_switched_off_and_on_again_count_from_the_second_switch(tmp_path: Path) -> None:
    example = await open_example(tmp_path)
    try:
        await example.judge(0)
        await reimport(example, "")
        await example.judge(1)
        await reimport(example, LADDER)
        await example.judge(2)
        assert await steps(example) == [("张三", 60, WarningLevel.YELLOW, 1), ("张三", 100, WarningLevel.YELLOW, 1)]
    finally:
        await example.services.db.close()
