"""Standings (SPEC §3.1, §3.3) from a ledger written by hand into a real SQLite file, no Telegram.

The example plan on Friday 20 Nov 2026 at 10:00 (Shanghai): the 60 % milestone is due Saturday 5 Dec
18:00, 11 working days away (20 Nov, 23–27 Nov, 30 Nov–4 Dec: chinese_calendar, weekends off), and
21.9 % is expected by now (over working time: 146 h of the 400 h from the start to the milestone).
Quotas: 张三 visit 20 · checkup 15; 七岭村 (ql) visit 40 · checkup 30; 白洋渡镇 (bydz) visit 100 · checkup 70 ·
register 180; the county 164 · 120 · 300.

The ledger, by hand:
    张三  visit +5 (18 Nov), visit +7 (19 Nov), checkup +3 (19 Nov), checkup +5 (rejected by a leader)
    李四  visit +4                              (ql, no quota of his own)
    王五  visit +6, register +10                (双泉村 sq, no quota at all)
So 张三 has visit 12 and checkup 3 (a rejected report counts nowhere); 七岭村 visit 16 and checkup 3;
白洋渡镇 visit 22, checkup 3 and register 10.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from itertools import count
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.model import Assignee, ReportSource, ReportStatus
from bot.domain.origin import Origin
from bot.domain.standing import Status, TaskStanding
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.storage.campaigns import CampaignRecord
from bot.storage.ledger import ReportRepo
from tests.services.example import ADMIN_ID, NOW, campaign, example_services

SH = ZoneInfo("Asia/Shanghai")
# Working hours from Thursday 12 Nov 08:00: 16 + 24 (13 Nov) + 4 × 24 (16–19 Nov) + 10 = 146; to the 60 %
# milestone: 16 + 24 + 15 working days × 24 = 400 (Saturday 5 Dec itself is a rest day).
EXPECTED = 146 / 400 * 0.6


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    async with example_services(tmp_path, ManualClock(NOW)) as services:
        yield services


@pytest.fixture
async def record(services: Services) -> CampaignRecord:
    return await campaign(services)


_messages = count(1)


async def write(
    services: Services, record: CampaignRecord, name: str, task: str, delta: int, day: int, status: ReportStatus | None
) -> int:
    """One ledger entry of `name`, as a text report sent on `day` November at 09:00."""
    member = (await services.progress.load(record)).members[name]
    at = datetime(2026, 11, day, 9, 0, tzinfo=SH)
    async with services.db.transaction() as conn:
        origin = Origin(ReportSource.TEXT, chat_id=member.id, message_id=next(_messages))
        entry = await ReportRepo(conn).append(record.id, member.id, task, delta, origin, at)
        assert entry is not None
        if status is not None:
            await ReportRepo(conn).set_status([entry], status, None, at)
    return entry


LEDGER = [
    ("张三", "visit", 5, 18, None),
    ("张三", "visit", 7, 19, None),
    ("张三", "checkup", 3, 19, None),
    ("张三", "checkup", 5, 19, ReportStatus.REJECTED),
    ("李四", "visit", 4, 19, None),
    ("王五", "visit", 6, 19, None),
    ("王五", "register", 10, 19, None),
]


@pytest.fixture
async def ledger(services: Services, record: CampaignRecord) -> None:
    for entry in LEDGER:
        await write(services, record, *entry)


def done(tasks: tuple[TaskStanding, ...]) -> dict[str, tuple[int, int, int, int, int]]:
    """task → (done, quota, target, remaining, per day)."""
    return {ts.task: (ts.done, ts.quota, ts.target, ts.remaining, ts.per_day) for ts in tasks}


@pytest.mark.usefixtures("ledger")
async def test_a_cadre_stands_at_what_they_reported_against_the_next_milestone(
    services: Services, record: CampaignRecord
) -> None:
    book = (await services.progress.load(record)).book
    zhang = book.standing(Assignee.member("张三"))
    assert zhang.next_milestone is not None
    assert zhang.next_milestone.percent == 60
    # visit: 12 done of the 60 % target ceil(0.6 × 20) = 12; checkup: 3 of 9, 6 left over 11 working days
    assert done(zhang.tasks) == {"visit": (12, 20, 12, 0, 0), "checkup": (3, 15, 9, 6, 1)}
    assert zhang.completion == pytest.approx(15 / 35)
    assert zhang.expected == pytest.approx(EXPECTED)
    assert zhang.pace == pytest.approx((15 / 35 - EXPECTED) * 100)
    assert zhang.status is Status.AHEAD
    assert not zhang.milestone_met
    assert zhang.reached_at == datetime(2026, 11, 19, 9, 0, tzinfo=SH)


@pytest.mark.usefixtures("ledger")
async def test_units_roll_up_their_villages_and_members_and_keep_their_own_quotas(
    services: Services, record: CampaignRecord
) -> None:
    book = (await services.progress.load(record)).book
    village = book.standing(Assignee.unit("ql"))
    # 15 checkups over 11 working days: 2 a working day (1 a day over the 16 calendar days before)
    assert done(village.tasks) == {"visit": (16, 40, 24, 8, 1), "checkup": (3, 30, 18, 15, 2)}
    assert (village.raw_done, village.raw_quota) == (19, 70)
    town = book.standing(Assignee.unit("bydz"))
    assert {ts.task: (ts.done, ts.quota) for ts in town.tasks} == {
        "visit": (22, 100),
        "checkup": (3, 70),
        "register": (10, 180),
    }
    assert town.completion == pytest.approx(35 / 350)
    county = book.standing(Assignee.unit("county"))
    assert (county.raw_done, county.raw_quota) == (35, 164 + 120 + 300)
    # 双泉村 has no quota: what 王五 did is counted, but there is nothing to be behind on
    sq = book.standing(Assignee.unit("sq"))
    assert (sq.raw_done, sq.completion, sq.status) == (16, None, Status.ON_TRACK)


@pytest.mark.usefixtures("ledger")
async def test_the_children_of_a_unit_and_the_laggards_below_it(services: Services, record: CampaignRecord) -> None:
    book = (await services.progress.load(record)).book
    villages = [Assignee.unit(c) for c in ("ql", "sq", "qlj")]
    assert [s.assignee for s in book.children("bydz")] == [*villages, Assignee.member("郭镇长")]  # he sits in bydz
    # 七岭村 (19/70 = 27 %) and 张三 (15/35) are short of their 60 % targets but ahead of the 21.9 %
    # expected: no laggard (SPEC §5, the one laggard rule: short of a target *and* behind pace).
    assert book.laggards("bydz") == []
    assert {book.standing(a).status for a in (Assignee.unit("ql"), Assignee.member("张三"))} == {Status.AHEAD}
    # On Wednesday 2 Dec 50.7 % is expected (338 of the 400 working hours): both have fallen behind
    # pace and are listed, units first. (On 1 Dec, 47.1 %, 张三's 42.9 % is still within 5 points.)
    assert isinstance(services.clock, ManualClock)
    services.clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=SH))
    later = (await services.progress.load(record)).book
    assert [s.assignee for s in later.laggards("bydz")] == [Assignee.unit("ql"), Assignee.member("张三")]


async def test_with_verification_required_every_view_counts_verified_reports_and_carries_the_reported_ones(
    services: Services, record: CampaignRecord
) -> None:
    required = EXAMPLE_PLAN_YAML.replace("verification: optional", "verification: required")
    await services.plans.import_plan(load_plan(required.encode(), "plan.yaml"))
    [record] = await services.directory.campaigns_for(await services.directory.actor(ADMIN_ID))
    await write(services, record, "张三", "visit", 5, 18, ReportStatus.VERIFIED)
    await write(services, record, "张三", "visit", 7, 19, None)  # still awaiting review
    village = (await services.progress.load(record)).book.standing(Assignee.unit("ql"))
    # One rule for every view (bulletins, /progress, /me alike): the verified number counts
    assert (village.raw_done, village.raw_verified, village.raw_reported) == (5, 5, 12)
