"""The example plan (bot/plans/example.py) on a real SQLite file, as several services tests use it.

NOW is Friday 20 Nov 2026 10:00 (Shanghai); the operator (ADMIN_ID) sees every campaign. `services`
is the world of the leaders' tests: 郭镇长 (town 白洋渡镇), 李书记 (village 七岭村) and the cadre 张三 have
joined (USERS); everyone else on the roster has not.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.services.directory import Actor
from bot.settings import load_settings
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ADMIN_ID = 9000
USERS = {"郭镇长": 2001, "李书记": 2002, "张三": 1001}  # who has joined, by Telegram id


@asynccontextmanager
async def example_services(
    tmp_path: Path, clock: ManualClock, joined: Mapping[str, int] | None = None
) -> AsyncIterator[Services]:
    """The example plan imported into a fresh database; `joined`: roster name → Telegram id of those
    who redeemed their join code."""
    db = await Database.open(tmp_path / "campaign.db")
    settings = load_settings(database_path=tmp_path / "campaign.db", admin_user_ids=(ADMIN_ID,))
    services = Services.build(settings, db, clock)
    summary = await services.plans.import_plan(load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml"))
    if joined:
        for invite in await services.invites.invites(summary.campaign_id, None, "campaign_test_bot"):
            if invite.member.member.name in joined:
                await services.invites.redeem(invite.code, joined[invite.member.member.name])
    try:
        yield services
    finally:
        await db.close()


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    async with example_services(tmp_path, ManualClock(NOW), USERS) as services:
        yield services


async def actor(services: Services, name: str) -> Actor:
    return await services.directory.actor(USERS[name])


async def campaign(services: Services) -> CampaignRecord:
    [record] = await services.directory.campaigns_for(await services.directory.actor(ADMIN_ID))
    return record


async def audited(services: Services) -> list[str]:
    async with services.db.reader.execute("SELECT action FROM audit_log ORDER BY id") as cur:
        return [row[0] for row in await cur.fetchall()]
