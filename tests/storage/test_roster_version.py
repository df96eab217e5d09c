"""The roster version (migration v14): every write to what a report's sender is judged by moves it in
the same transaction (a member's own language, link and chosen campaign move their own counter instead:
migration v15, tests/storage/test_member_versions.py), and nothing a report itself writes does — so a
sender's context kept in memory can be checked against it inside the report's write
(bot/storage/ledger.py record_first)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date

import aiosqlite
import pytest

from bot.domain.leave import Leave
from bot.domain.model import Assignee, Member, ReportStatus, Role, Unit
from bot.domain.origin import MessageKey
from bot.storage.campaigns import CampaignRepo, QuotaRepo
from bot.storage.db import Database
from bot.storage.leaves import LeaveRepo
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRepo, UnitRepo, roster_version
from bot.storage.prefs import PrefsRepo

from .conftest import NOW, seed, small_campaign


@dataclass(frozen=True, slots=True)
class Ids:
    campaign: int
    member: int


Write = Callable[[aiosqlite.Connection, Ids], Awaitable[object]]

MOVES: dict[str, Write] = {
    "a unit renamed": lambda c, _k: UnitRepo(c).upsert_many([Unit("ql", "七岭新村", "village")]),
    "a campaign's units": lambda c, k: UnitRepo(c).set_campaign_units(k.campaign, []),
    "a member moved": lambda c, _k: MemberRepo(c).upsert(Member("张三", "张三", "ql", Role.LEADER)),
    "a member removed": lambda c, k: MemberRepo(c).set_campaign_members(k.campaign, []),
    "a campaign cancelled": lambda c, k: CampaignRepo(c).set_cancelled(k.campaign, True),
    "a campaign re-imported": lambda c, _k: CampaignRepo(c).save(replace(small_campaign(), name="改"), NOW),
    "a milestone moved": lambda c, k: CampaignRepo(c).set_milestone_due(k.campaign, 60, NOW),
    "a quota set": lambda c, k: QuotaRepo(c).set(k.campaign, Assignee.member("张三"), "visit", 9),
    "the quotas replaced": lambda c, k: QuotaRepo(c).replace_all(k.campaign, {}),
    "a leave recorded": lambda c, k: LeaveRepo(c).add(
        k.campaign, k.member, Leave(date(2026, 11, 21), date(2026, 11, 22)), None, NOW, None
    ),
}


@pytest.mark.parametrize("what", list(MOVES))
async def test_every_write_a_sender_is_judged_by_moves_the_version(db: Database, what: str) -> None:
    cid, mid = await seed(db)
    async with db.transaction() as conn:
        await QuotaRepo(conn).set(cid, Assignee.member("张三"), "visit", 20)
    before = await roster_version(db.reader)
    async with db.transaction() as conn:
        await MOVES[what](conn, Ids(cid, mid))
        assert await roster_version(conn) > before  # in the same transaction as the write
    assert await roster_version(db.reader) > before


async def test_a_report_and_a_delivery_failure_leave_the_version_alone(db: Database) -> None:
    cid, mid = await seed(db)
    before = await roster_version(db.reader)
    async with db.transaction() as conn:
        repo = ReportRepo(conn)
        await repo.append_first(cid, mid, [("visit", 3)], MessageKey(1, 2, 0), NOW)
        ids = [r.id for r in await repo.by_message(1, 2)]
        await repo.set_status(ids, ReportStatus.VERIFIED, mid, NOW)
        await PrefsRepo(conn).set_unreachable(mid, True)
    assert await roster_version(db.reader) == before


async def test_a_rolled_back_write_leaves_the_version_where_it_was(db: Database) -> None:
    cid, _ = await seed(db)
    before = await roster_version(db.reader)

    async def failing() -> None:
        async with db.transaction() as conn:
            await MemberRepo(conn).set_campaign_members(cid, [])
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        await failing()
    assert await roster_version(db.reader) == before


async def test_the_sender_and_the_version_come_in_one_statement(db: Database) -> None:
    _, mid = await seed(db)
    async with db.transaction() as conn:
        await MemberRepo(conn).bind_user(mid, 601, 0)
    version, _, member = await MemberRepo(db.reader).by_user_at_version(601)
    assert member is not None
    assert member.id == mid
    assert version == await roster_version(db.reader)
    assert await MemberRepo(db.reader).by_user_at_version(999) == (version, 0, None)
