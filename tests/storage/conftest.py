from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.model import Campaign, Member, Milestone, Role, TaskType, Unit
from bot.storage.campaigns import CampaignRepo
from bot.storage.db import Database
from bot.storage.org import MemberRepo, UnitRepo

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "campaign.db")
    yield database
    await database.close()


def small_campaign() -> Campaign:
    return Campaign(
        key="c1",
        name="冬季服务",
        start=datetime(2026, 11, 12, 8, 0, tzinfo=TZ),
        end=datetime(2027, 1, 5, 18, 0, tzinfo=TZ),
        tasks=(
            TaskType("visit", "入户走访", "户", ("走访",)),
            TaskType("checkup", "健康体检", "人", ("体检",)),
        ),
        milestones=(
            Milestone(60, datetime(2026, 12, 5, 18, 0, tzinfo=TZ)),
            Milestone(100, datetime(2027, 1, 5, 18, 0, tzinfo=TZ)),
        ),
    )


USER = 1001  # the Telegram user 张三 reports as


async def seed(db: Database) -> tuple[int, int]:
    """One campaign, one village, one cadre (joined as USER). Returns (campaign id, member id)."""
    async with db.transaction() as conn:
        cid = await CampaignRepo(conn).save(small_campaign(), NOW)
        await UnitRepo(conn).upsert_many([Unit("ql", "七岭村", "village")])
        await UnitRepo(conn).set_campaign_units(cid, ["ql"])
        mid = await MemberRepo(conn).upsert(Member("张三", "张三", "ql", Role.CADRE))
        await MemberRepo(conn).set_campaign_members(cid, [mid])
        # Joined as USER: a report's write asks whether its sender is still linked to the member.
        await MemberRepo(conn).bind_user(mid, USER, 0)
    return cid, mid
