"""The checkpoint bulletin of a group (SPEC §3.3, §5): a village that missed the checkpoint is marked
❌ and must not be praised in the same message. The demo shows it at 12月5日: "1. 七岭村 … ❌未达标" and,
three lines below, "👏 表扬：七岭村" — the group reads that the village that failed is the one to applaud.

Two villages with two tasks (quota 10 each, 50% due 11-30 00:00): 甲村 over-achieves visits and is short
of check-ups (completion 65%, "ahead", but short of the check-up target 5: missed); 乙村 meets both
targets exactly (50%, on track)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.origin import MessageKey
from bot.plans import load_plan
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.services.reporting import Recorded, TextReport
from bot.settings import load_settings
from bot.storage.db import Database

from .towns import Town

ZONE = ZoneInfo("Asia/Shanghai")
USERS = {"镇长": 3000, "甲一": 4001, "乙一": 4002}
PLAN = """\
campaign:
  key: two-tasks
  name: 两项任务
  start: 2026-11-10T00:00
  end: 2026-12-10T00:00
  timezone: Asia/Shanghai
  verification: off
  bulletin: off
  public_warning_gap: 10
calendar: off
tasks:
  - {key: visit, name: 入户走访, unit: 户, aliases: [走访]}
  - {key: checkup, name: 健康体检, unit: 人, aliases: [体检]}
milestones:
  - {percent: 50, due: 2026-11-30T00:00}
  - {percent: 100, due: 2026-12-10T00:00}
units:
  - code: tz
    name: 潭镇
    level: town
    children:
      - {code: va, name: 甲村, level: village}
      - {code: vb, name: 乙村, level: village}
members:
  - {name: 镇长, unit: tz, role: leader}
  - {name: 甲一, unit: va, role: cadre}
  - {name: 乙一, unit: vb, role: cadre}
quotas:
  - {assignee: va, visit: 10, checkup: 10}
  - {assignee: vb, visit: 10, checkup: 10}
"""


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    db = await Database.open(tmp_path / "campaign.db")
    clock = ManualClock(datetime(2026, 11, 20, 10, 0, tzinfo=ZONE))
    services = Services.build(load_settings(database_path=tmp_path / "campaign.db", quiet_hours=""), db, clock)
    summary = await services.plans.import_plan(load_plan(PLAN.encode(), "plan.yaml"))
    for invite in await services.invites.invites(summary.campaign_id, None, "campaign_test_bot"):
        await services.invites.redeem(invite.code, USERS[invite.member.member.name])
    try:
        yield Town(services, clock, dict(USERS))
    finally:
        await db.close()


async def send(town: Town, name: str, text: str) -> None:
    user = town.users[name]
    outcome = await town.services.reports.text(
        await town.actor(name), TextReport(MessageKey(user, 1, 0), text, True, False, False)
    )
    assert isinstance(outcome, Recorded)


async def test_a_village_that_missed_the_checkpoint_is_not_praised_in_its_checkpoint_bulletin(town: Town) -> None:
    await send(town, "甲一", "走访10 体检3")
    await send(town, "乙一", "走访5 体检5")
    record = await town.campaign()
    checkpoint = record.campaign.milestones[0]
    town.clock.set(checkpoint.due + timedelta(minutes=1))  # the checkpoint's evaluation, just after its due
    bulletin = await town.services.bulletins.compose(record, "tz", "zh", checkpoint)
    [missed] = [line for line in bulletin.lines if "❌" in line]
    assert missed.startswith("1. 甲村")  # ranked first by completion, and marked as having missed
    praise = [line for line in bulletin.lines if line.startswith("👏")]
    assert praise == ["👏 表扬：乙村"], "the village marked ❌未达标 is praised in the same bulletin"
