"""The daily series the forecast reads (issue 11 §3): per member and task, the sum per day the work was
done — the day a member named (`昨天`), else the campaign's local day the entry was recorded — of the
number that counts (verified only, or everything not rejected)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.forecast import Sums
from bot.domain.model import Member, ReportSource, ReportStatus, Role
from bot.domain.origin import Origin
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRepo
from bot.storage.series import SeriesRepo, local_day_sql

from .conftest import TZ, seed

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


async def test_sums_per_member_task_and_local_work_day(db: Database) -> None:
    cid, zhang = await seed(db)
    async with db.transaction() as conn:
        li = await MemberRepo(conn).upsert(Member("李四", "李四", "ql", Role.CADRE))
        ledger, n = ReportRepo(conn), iter(range(1, 100))

        async def add(member: int, task: str, delta: int, when: datetime, work_date: date | None = None) -> int:
            rid = await ledger.append(
                cid, member, task, delta, Origin(ReportSource.TEXT, 1, next(n)), when, work_date=work_date
            )
            assert rid is not None
            return rid

        await add(zhang, "visit", 3, at(20, 0, 30))  # 00:30 in Shanghai is still 19 Nov in UTC: local day 20
        await add(zhang, "visit", 4, at(20, 23, 59))
        await add(zhang, "visit", 5, at(21, 9), work_date=date(2026, 11, 20))  # 昨天
        approved = await add(zhang, "checkup", 2, at(21, 9))
        refused = await add(zhang, "checkup", 7, at(21, 10))
        await add(li, "visit", 1, at(19, 8))
        await ledger.set_status([approved], ReportStatus.VERIFIED, li, at(21, 12))
        await ledger.set_status([refused], ReportStatus.REJECTED, li, at(21, 12))
    repo = SeriesRepo(db.reader)
    first, last = date(2026, 11, 12), date(2027, 1, 5)
    reported = await repo.daily(cid, "Asia/Shanghai", first, last, verified_only=False)
    assert reported == {
        zhang: {"visit": {date(2026, 11, 20): 12}, "checkup": {date(2026, 11, 21): 2}},
        li: {"visit": {date(2026, 11, 19): 1}},
    }
    verified = await repo.daily(cid, "Asia/Shanghai", first, last, verified_only=True)
    assert verified == {zhang: {"checkup": {date(2026, 11, 21): 2}}}
    mine = await repo.daily(cid, "Asia/Shanghai", first, last, verified_only=False, members=[li])
    assert mine == {li: {"visit": {date(2026, 11, 19): 1}}}
    assert await repo.daily(cid, "Asia/Shanghai", first, last, verified_only=False, members=[]) == {}
    # What a forecast on 21 Nov needs, with a recent window from 20 Nov: the same rows, three sums each.
    sums = await repo.window_sums(cid, TZ, date(2026, 11, 20), date(2026, 11, 21), verified_only=False)
    assert sums == {
        zhang: {"visit": Sums(12, 12, 12), "checkup": Sums(2, 0, 0)},
        li: {"visit": Sums(1, 1, 0)},
    }
    assert (
        await repo.window_sums(cid, TZ, date(2026, 11, 20), date(2026, 11, 21), verified_only=True, members=[li]) == {}
    )


async def test_the_local_day_follows_daylight_saving_time(db: Database) -> None:
    # Berlin leaves summer time on 25 Oct 2026 at 03:00 (UTC+2 → UTC+1): 23:30 local is 21:30 UTC
    # before it and 22:30 UTC after it; both are that local day.
    expr, params = local_day_sql(BERLIN, date(2026, 10, 20), date(2026, 10, 30))
    for local in (datetime(2026, 10, 24, 23, 30, tzinfo=BERLIN), datetime(2026, 10, 25, 23, 30, tzinfo=BERLIN)):
        rows = await db.reader.execute_fetchall(
            f"SELECT {expr.replace('created_at', '?1')}", (int(local.timestamp()), *params)
        )
        assert [r[0] for r in rows] == [local.date().isoformat()]
