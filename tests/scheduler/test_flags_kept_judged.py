"""Between digests the scheduler's tick judges the member-tasks written since their kept judgement
(issue 11 §4, bot/services/flags.py), at most every few minutes per open campaign, so a county's digest
finds only the last few minutes' writes to judge; a failure there never stops the tick."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.integrity import KEEP_JUDGED_EVERY
from bot.storage.task_flags import TaskFlagRepo
from scheduler.runner import Runner
from tests.harness import SH, Harness

DAY = datetime(2026, 11, 22, 10, 0, tzinfo=SH)


async def _stale(h: Harness) -> int:
    record = (await h.services.directory.all_campaigns())[0]
    return sum(1 for m in await TaskFlagRepo(h.services.db.reader).marks(record.id) if m.judged != m.version)


async def _campaign(h: Harness, verification: str = "required") -> None:
    plan = EXAMPLE_PLAN_YAML.replace("verification: optional", f"verification: {verification}")
    await h.services.plans.import_plan(load_plan(plan.encode(), "plan.yaml"))


async def test_the_tick_judges_what_was_written_since_at_most_every_few_minutes(h: Harness) -> None:
    await _campaign(h)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    h.clock.set(DAY)
    await h.say(zhang, "走访5")
    runner = Runner.create(h.services, h.app.bot)
    assert await _stale(h) == 1
    await runner.tick()
    assert await _stale(h) == 0
    h.clock.set(DAY + timedelta(minutes=1))
    await h.say(wang, "体检2")
    await runner.tick()
    assert await _stale(h) == 1  # judged a minute ago: left for the next round (or a digest)
    h.clock.set(DAY + KEEP_JUDGED_EVERY + timedelta(minutes=1))
    await runner.tick()
    assert await _stale(h) == 0


async def test_a_campaign_without_verification_is_not_judged(h: Harness) -> None:
    await _campaign(h, "off")
    zhang = await h.join("张三", 1001)
    h.clock.set(DAY)
    await h.say(zhang, "走访5")
    await Runner.create(h.services, h.app.bot).tick()
    assert await _stale(h) == 1


async def test_a_failure_to_judge_is_reported_and_the_tick_goes_on(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await _campaign(h)
    zhang = await h.join("张三", 1001)
    h.clock.set(DAY)
    await h.say(zhang, "走访5")
    async with h.services.db.transaction() as conn:  # a broken table: every judgement fails
        await conn.execute("DROP TABLE peer_day_counts")
    with caplog.at_level(logging.WARNING):
        await Runner.create(h.services, h.app.bot).tick()
    assert "judging its written reports failed" in caplog.text
