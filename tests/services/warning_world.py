"""The example plan with a warning ladder (issue 11 §5) on a real SQLite file, for the warnings' services
tests (test_warnings.py, test_warnings_since.py): 张三, 李四, 李书记, 郭镇长 and 陈主任 have joined (USERS);
`Example.judge(i)` evaluates the i-th checkpoint just after its due, as the scheduler's checkpoint does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.origin import MessageKey
from bot.domain.warnings import WarningLevel
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.services.records import CampaignRecord
from bot.services.reporting import Recorded, TextReport
from bot.settings import load_settings
from bot.storage.db import Database
from tests.harness import SH

LADDER = "  warnings: {yellow_after: 1, red_after: 2, public_after: 3}\n"
USERS = {"张三": 1001, "李四": 1002, "李书记": 2002, "郭镇长": 2001, "陈主任": 3001}


def plan_with(extra: str, base: str = EXAMPLE_PLAN_YAML) -> bytes:
    head, rest = base.split("\ntasks:", 1)
    return f"{head}\n{extra}\ntasks:{rest}".encode()


@dataclass
class Example:
    services: Services
    clock: ManualClock
    users: dict[str, int] = field(default_factory=lambda: dict(USERS))

    async def record(self) -> CampaignRecord:
        return await self.services.directory.current_campaign(await self.services.directory.actor(USERS["陈主任"]))

    async def report(self, name: str, message_id: int, text: str) -> None:
        actor = await self.services.directory.actor(self.users[name])
        key = MessageKey(self.users[name], message_id, 0)
        outcome = await self.services.reports.text(
            actor, TextReport(key, text, private=True, edited=False, forwarded=False)
        )
        assert isinstance(outcome, Recorded)

    async def judge(self, index: int) -> bool:
        """Evaluate the index-th milestone just after its due, as the scheduler's checkpoint does."""
        record = await self.record()
        milestone = record.campaign.milestones[index]
        self.clock.set(milestone.due + timedelta(seconds=30))
        loaded = await self.services.progress.load(record)
        return await self.services.checkpoints.record(record.id, loaded.book, milestone)


async def open_example(
    tmp_path: Path, extra: str = LADDER, *, plan: bytes | None = None, users: dict[str, int] | None = None
) -> Example:
    """The example plan with `extra` in its campaign (or `plan` itself); `users` (default USERS) join."""
    db = await Database.open(tmp_path / "campaign.db")
    clock = ManualClock(datetime(2026, 11, 20, 10, 0, tzinfo=SH))
    services = Services.build(load_settings(database_path=tmp_path / "campaign.db", quiet_hours=""), db, clock)
    summary = await services.plans.import_plan(load_plan(plan or plan_with(extra), "plan.yaml"))
    joining = USERS if users is None else users
    for invite in await services.invites.invites(summary.campaign_id, None, "campaign_test_bot"):
        if (name := invite.member.member.name) in joining:
            await services.invites.redeem(invite.code, joining[name])
    return Example(services, clock, dict(joining))


async def steps(example: Example) -> list[tuple[str, int, WarningLevel, int]]:
    return [
        (s.member_key, s.percent, s.level, s.missed)
        for s in await example.services.warnings.steps(await example.record())
    ]


async def levels(example: Example) -> dict[str, WarningLevel]:
    record = await example.record()
    return await example.services.warnings.levels(record, (await example.services.progress.load(record)).book.away)


@pytest.fixture
async def example(tmp_path: Path) -> AsyncIterator[Example]:
    """The example plan with the ladder 1/2/3, everyone joined; closed after the test."""
    opened = await open_example(tmp_path)
    try:
        yield opened
    finally:
        await opened.services.db.close()
