"""A small town for the services tier, with numbers simple enough to compute by hand.

潭镇 (tz) has four villages, 甲村 va, 乙村 vb, 丙村 vc and 丁村 vd, each with one cadre (甲一, 乙一,
丙一, 丁一) and a visit quota of 20 (the town's 80 is their sum). 镇长 leads the town, 甲书记 and 乙书记
their villages. One task only, so a completion is simply done / 20.

The campaign runs from 11-10 00:00 to 12-10 00:00 with 50% due 11-30 00:00; at NOW (11-20 00:00) the
expected completion is half-way to the first milestone: 25%. A public warning needs more than 10
points behind pace. The plan says `calendar: off`, so every day is a working day and these numbers
stay simple (the working calendar has its own tests).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.origin import MessageKey
from bot.plans import load_plan
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.services.directory import Actor
from bot.services.reporting import Recorded, TextReport
from bot.settings import load_settings
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo

NOW = datetime(2026, 11, 20, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
USERS = {"镇长": 3000, "甲书记": 3001, "乙书记": 3002, "甲一": 4001, "乙一": 4002, "丙一": 4003, "丁一": 4004}

TOWN_PLAN = """\
campaign:
  key: town-2026
  name: 潭镇走访
  start: 2026-11-10T00:00
  end: 2026-12-10T00:00
  timezone: Asia/Shanghai
  verification: {verification}
  bulletin: off
  public_warning_gap: 10
{calendar}
tasks:
  - {{key: visit, name: 入户走访, unit: 户, aliases: [走访]}}
milestones:
  - {{percent: 50, due: 2026-11-30T00:00}}
  - {{percent: 100, due: 2026-12-10T00:00}}
units:
  - code: tz
    name: 潭镇
    level: town
    children:
      - {{code: va, name: 甲村, level: village}}
      - {{code: vb, name: 乙村, level: village}}
      - {{code: vc, name: 丙村, level: village}}
      - {{code: vd, name: 丁村, level: village}}
members:
  - {{name: 镇长, unit: tz, role: leader}}
  - {{name: 甲书记, unit: va, role: leader}}
  - {{name: 乙书记, unit: vb, role: leader}}
  - {{name: 甲一, unit: va, role: cadre}}
  - {{name: 乙一, unit: vb, role: cadre}}
  - {{name: 丙一, unit: vc, role: cadre}}
  - {{name: 丁一, unit: vd, role: cadre}}
{extra_members}quotas:
  - {{assignee: va, visit: 20}}
  - {{assignee: vb, visit: 20}}
  - {{assignee: vc, visit: 20}}
  - {{assignee: vd, visit: 20}}
"""


@dataclass(frozen=True, slots=True)
class Town:
    services: Services
    clock: ManualClock
    users: dict[str, int]  # who has joined, by Telegram id

    async def actor(self, name: str) -> Actor:
        return await self.services.directory.actor(self.users[name])

    async def campaign(self) -> CampaignRecord:
        return await self.services.directory.current_campaign(await self.actor("镇长"))

    async def report(self, name: str, message_id: int, visits: int) -> int:
        """The cadre types 走访N in their private chat; returns the ledger row's id."""
        user = self.users[name]
        key = MessageKey(user, message_id, 0)
        outcome = await self.services.reports.text(
            await self.actor(name), TextReport(key, f"走访{visits}", private=True, edited=False, forwarded=False)
        )
        assert isinstance(outcome, Recorded)
        [row] = await ReportRepo(self.services.db.reader).by_message(user, message_id)
        return row.id

    async def audited(self, action: str) -> list[str]:
        """The details of every audit entry of `action`, oldest first."""
        rows = await self.services.db.reader.execute_fetchall(
            "SELECT details FROM audit_log WHERE action = ? ORDER BY id", (action,)
        )
        return [str(r[0]) for r in rows]


async def open_town(
    tmp_path: Path, verification: str = "optional", *, cadres: dict[str, str] | None = None, working: bool = False
) -> Town:
    """The town, with `cadres` (name → village code) added to the roster; every member has joined.
    `working`: the working calendar (chinese_calendar) instead of `calendar: off`."""
    db = await Database.open(tmp_path / "campaign.db")
    clock = ManualClock(NOW)
    services = Services.build(load_settings(database_path=tmp_path / "campaign.db", quiet_hours=""), db, clock)
    extra = "".join(f"  - {{name: '{name}', unit: {code}, role: cadre}}\n" for name, code in (cadres or {}).items())
    plan = load_plan(
        TOWN_PLAN.format(
            verification=verification, extra_members=extra, calendar="" if working else "calendar: off"
        ).encode(),
        "plan.yaml",
    )
    summary = await services.plans.import_plan(plan)
    users = USERS | {name: 5001 + i for i, name in enumerate(cadres or {})}
    for invite in await services.invites.invites(summary.campaign_id, None, "campaign_test_bot"):
        await services.invites.redeem(invite.code, users[invite.member.member.name])
    return Town(services, clock, users)


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    opened = await open_town(tmp_path)
    try:
        yield opened
    finally:
        await opened.services.db.close()


@pytest.fixture
async def required_town(tmp_path: Path) -> AsyncIterator[Town]:
    """The town with `verification: required`: only verified work counts."""
    opened = await open_town(tmp_path, verification="required")
    try:
        yield opened
    finally:
        await opened.services.db.close()


@pytest.fixture
async def working_town(tmp_path: Path) -> AsyncIterator[Town]:
    """The town on the working calendar: weekends and holidays are rest days (forecasts count them)."""
    opened = await open_town(tmp_path, working=True)
    try:
        yield opened
    finally:
        await opened.services.db.close()
