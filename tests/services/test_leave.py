"""Leave (请假, issue 11 §2) on a real SQLite file, no Telegram: set for oneself or by a leader in scope,
merged with a touching leave, ended early, listed; each write once per update; only dates are stored."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import DomainError, NotAllowed
from bot.domain.leave import Leave
from bot.domain.model import Assignee
from bot.domain.origin import MessageKey
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.services.progress import LoadedBook
from tests.services.example import actor, audited, campaign, services

__all__ = ["services"]
D = date


async def stored(services: Services) -> list[tuple[object, ...]]:
    rows = await services.db.reader.execute_fetchall(
        "SELECT m.name, l.first_day, l.last_day, l.cancelled FROM leaves l JOIN members m ON m.id = l.member_id "
        "ORDER BY l.id"
    )
    return [tuple(r) for r in rows]


async def test_a_cadre_sets_their_own_leave_once_per_message(services: Services) -> None:
    zhang, record = await actor(services, "张三"), await campaign(services)
    first = await services.leave.set(zhang, record, "12-10", "12月15日", MessageKey(1001, 7))
    again = await services.leave.set(zhang, record, "12-10", "12月15日", MessageKey(1001, 7))
    assert first.leave == Leave(D(2026, 12, 10), D(2026, 12, 15))
    assert first.own
    assert not first.duplicate
    assert again.duplicate
    assert again.leave_id == first.leave_id
    assert await stored(services) == [("张三", "2026-12-10", "2026-12-15", 0)]
    assert (await audited(services)).count("leave_set") == 1


async def test_a_leader_sets_leave_in_scope_by_name_and_not_outside(services: Services) -> None:
    village, record = await actor(services, "李书记"), await campaign(services)
    done = await services.leave.set(village, record, "11-24", "11-26", MessageKey(2002, 1), who="李四")
    assert done.member.member.name == "李四"
    assert not done.own
    with pytest.raises(NotAllowed):
        await services.leave.set(village, record, "11-24", "11-26", MessageKey(2002, 2), who="孙七")
    zhang = await actor(services, "张三")
    with pytest.raises(NotAllowed):  # a cadre names nobody else
        await services.leave.set(zhang, record, "11-24", "11-26", MessageKey(1001, 3), who="李四")
    assert await stored(services) == [("李四", "2026-11-24", "2026-11-26", 0)]


async def test_bad_input_writes_nothing(services: Services) -> None:
    zhang, record = await actor(services, "张三"), await campaign(services)
    for first, last, key in [
        ("12-15", "12-10", "leave.backwards"),
        ("11-1", "11-5", "leave.past"),
        ("11-19", "11-25", "leave.own_past"),  # today is 11-20: past days are a leader's to record
        ("x", "1", "leave.bad_date"),
    ]:
        with pytest.raises(DomainError) as refused:
            await services.leave.set(zhang, record, first, last, MessageKey(1001, 9))
        assert refused.value.key == key
    assert await stored(services) == []


async def test_a_touching_leave_is_merged_into_one(services: Services) -> None:
    zhang, record = await actor(services, "张三"), await campaign(services)
    await services.leave.set(zhang, record, "12-10", "12-15", MessageKey(1001, 1))
    done = await services.leave.set(zhang, record, "12-16", "12-20", MessageKey(1001, 2))
    assert done.leave == Leave(D(2026, 12, 10), D(2026, 12, 20))
    assert await stored(services) == [("张三", "2026-12-10", "2026-12-15", 1), ("张三", "2026-12-10", "2026-12-20", 0)]
    [entry] = await services.leave.listing(zhang, record)
    assert entry.leave == done.leave


async def test_leave_off_makes_today_the_last_day_once_per_message(services: Services) -> None:
    zhang, record = await actor(services, "张三"), await campaign(services)
    await services.leave.set(zhang, record, "11-20", "11-25", MessageKey(1001, 1))  # today is 11-20
    ended = await services.leave.end(zhang, record, MessageKey(1001, 2))
    again = await services.leave.end(zhang, record, MessageKey(1001, 2))
    assert ended.leave == Leave(D(2026, 11, 20), D(2026, 11, 20))
    assert again.duplicate
    assert again.leave == ended.leave
    assert await stored(services) == [("张三", "2026-11-20", "2026-11-20", 0)]
    assert (await audited(services)).count("leave_end") == 1


async def test_leave_off_calls_off_a_leave_not_begun_and_then_there_is_none(services: Services) -> None:
    zhang, record = await actor(services, "张三"), await campaign(services)
    await services.leave.set(zhang, record, "12-01", "12-03", MessageKey(1001, 1))
    ended = await services.leave.end(zhang, record, MessageKey(1001, 2))
    assert ended.leave is None
    assert await services.leave.listing(zhang, record) == []
    with pytest.raises(DomainError) as refused:
        await services.leave.end(zhang, record, MessageKey(1001, 3))
    assert refused.value.key == "leave.none"


async def test_a_leader_lists_the_leave_in_scope_a_cadre_only_their_own(services: Services) -> None:
    record = await campaign(services)
    zhang, town = await actor(services, "张三"), await actor(services, "郭镇长")
    await services.leave.set(zhang, record, "12-01", "12-03", MessageKey(1001, 1))
    await services.leave.set(town, record, "12-05", "12-06", MessageKey(2001, 1), who="王五")
    assert [e.member.member.name for e in await services.leave.listing(town, record)] == ["张三", "王五"]
    assert [e.member.member.name for e in await services.leave.listing(zhang, record)] == ["张三"]


def _visit_per_day(loaded: LoadedBook) -> int:
    return next(ts.per_day for ts in loaded.book.standing(Assignee.member("张三")).tasks if ts.task == "visit")


async def test_the_books_know_who_is_on_leave_today_and_until_when(services: Services) -> None:
    zhang, record = await actor(services, "张三"), await campaign(services)
    town = await actor(services, "郭镇长")  # a leader records it: it began yesterday
    await services.leave.set(town, record, "11-19", "11-22", MessageKey(2001, 1), who="张三")
    loaded = await services.progress.load(record)
    assert loaded.away == {"张三": D(2026, 11, 22)}
    assert loaded.book.away == {"张三": frozenset(D(2026, 11, d) for d in (19, 20, 21, 22))}
    assert zhang.member is not None
    assert (await services.progress.load(record, only_member=zhang.member)).away == {"张三": D(2026, 11, 22)}


async def test_the_per_day_need_after_a_leave_is_spread_over_the_days_left(services: Services) -> None:
    zhang, record = await actor(services, "张三"), await campaign(services)
    assert isinstance(services.clock, ManualClock)
    services.clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    before = _visit_per_day(await services.progress.load(record))
    await services.leave.set(zhang, record, "12-02", "12-04", MessageKey(1001, 1))
    assert _visit_per_day(await services.progress.load(record)) > before  # fewer days left to do the same
    assert zhang.member is not None
    assert _visit_per_day(await services.progress.load(record, only_member=zhang.member)) > before


async def test_a_second_leave_off_the_same_day_changes_nothing_and_says_the_leave_ends_today(
    services: Services,
) -> None:
    zhang, record = await actor(services, "张三"), await campaign(services)
    await services.leave.set(zhang, record, "11-20", "11-25", MessageKey(1001, 1))  # today is 11-20
    await services.leave.end(zhang, record, MessageKey(1001, 2))
    with pytest.raises(DomainError) as refused:  # another message, not a redelivery
        await services.leave.end(zhang, record, MessageKey(1001, 3))
    assert refused.value.key == "leave.already_ends_today"
    assert (await services.leave.end(zhang, record, MessageKey(1001, 2))).duplicate  # the first still known
    assert await stored(services) == [("张三", "2026-11-20", "2026-11-20", 0)]
    assert (await audited(services)).count("leave_end") == 1


async def test_leave_off_on_the_last_day_of_a_leave_changes_nothing(services: Services) -> None:
    town, record = await actor(services, "郭镇长"), await campaign(services)
    await services.leave.set(town, record, "11-18", "11-20", MessageKey(2001, 1), who="王五")  # today is 11-20
    with pytest.raises(DomainError) as refused:
        await services.leave.end(town, record, MessageKey(2001, 2), who="王五")
    assert refused.value.key == "leave.already_ends_today"
    assert await stored(services) == [("王五", "2026-11-18", "2026-11-20", 0)]
    assert (await audited(services)).count("leave_end") == 0
