"""A town leader's own campaign must not take a co-leader's leadership away (SPEC §1; README, Authority).

The example plan with a second leader of 白洋渡镇, 钱镇长, appointed by the county's plan. 郭镇长 uploads
a small campaign of his own town that lists 钱镇长 as a cadre. The preview shows no refusal and the
import goes through; a member's role is stored once for the whole organisation, so 钱镇长 is no longer
a leader anywhere — not in the county's campaign either, where /verify, /assign and /progress now refuse
him. A leader may not appoint anyone at his own level (APPOINT_LEADER is strictly below) nor hand out a
co-leader's join code ("co-leaders are invited from above"); undoing a peer's appointment is the same
power."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.services.plans import PlanRefused
from bot.settings import load_settings
from bot.storage.db import Database
from tests.harness import SH

USERS = {"郭镇长": 2001, "钱镇长": 2005}
TOWN_OWN = """\
campaign:
  key: bydz-own
  name: 白洋渡镇自办活动
  start: 2026-11-20T08:00
  end: 2026-12-20T18:00
tasks:
  - {key: visit, name: 入户走访, unit: 户, aliases: [走访]}
units:
  - {code: bydz, name: 白洋渡镇, level: town}
members:
  - {name: 郭镇长, unit: bydz, role: leader}
  - {name: 钱镇长, unit: bydz, role: cadre}
quotas:
  - {assignee: bydz, visit: 10}
"""


async def test_a_town_leaders_own_plan_cannot_demote_his_co_leader(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "campaign.db")
    services = Services.build(load_settings(database_path=tmp_path / "campaign.db", quiet_hours=""), db,
                              ManualClock(datetime(2026, 11, 20, 10, 0, tzinfo=SH)))  # fmt: skip
    try:
        county_plan = EXAMPLE_PLAN_YAML.replace(
            "  - {name: 郭镇长, unit: bydz, role: leader}\n",
            "  - {name: 郭镇长, unit: bydz, role: leader}\n  - {name: 钱镇长, unit: bydz, role: leader}\n",
        )
        assert county_plan != EXAMPLE_PLAN_YAML
        summary = await services.plans.import_plan(load_plan(county_plan.encode(), "plan.yaml"))
        for invite in await services.invites.invites(summary.campaign_id, None, "campaign_test_bot"):
            if (name := invite.member.member.name) in USERS:
                await services.invites.redeem(invite.code, USERS[name])
        assert (await services.directory.actor(USERS["钱镇长"])).is_leader
        guo = await services.directory.actor(USERS["郭镇长"])
        own = load_plan(TOWN_OWN.encode(), "own.yaml")
        with contextlib.suppress(PlanRefused):
            await services.plans.import_plan(own, actor=guo)
        assert (await services.directory.actor(USERS["钱镇长"])).is_leader, "a peer's plan took 钱镇长's leadership"
    finally:
        await db.close()
