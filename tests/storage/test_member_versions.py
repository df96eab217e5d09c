"""A member's own counter (migration v15): their language, Telegram link and chosen campaign move it,
in the same transaction, and leave the shared roster version — and every other member's counter —
alone, so one member's /lang, /campaign or /start join empties only their own kept context
(bot/services/senders.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiosqlite
import pytest

from bot.domain.model import Member, Role
from bot.storage.db import Database
from bot.storage.org import MemberRepo, roster_version
from bot.storage.prefs import PrefsRepo

from .conftest import seed

Write = Callable[[aiosqlite.Connection, int, int], Awaitable[object]]

OWN: dict[str, Write] = {
    "a member joined": lambda c, _cid, mid: MemberRepo(c).bind_user(mid, 4242, 0),
    "a language chosen": lambda c, _cid, mid: MemberRepo(c).set_language(mid, "en"),
    "a campaign chosen": lambda c, cid, mid: PrefsRepo(c).choose_campaign(mid, cid),
    "a choice forgotten": lambda c, _cid, mid: c.execute("DELETE FROM member_prefs WHERE member_id = ?", (mid,)),
}


async def own_version(conn: aiosqlite.Connection, member_id: int) -> int:
    rows = await conn.execute_fetchall("SELECT n FROM member_versions WHERE member_id = ?", (member_id,))
    return next((int(r[0]) for r in rows), 0)


@pytest.mark.parametrize("what", list(OWN))
async def test_a_members_own_write_moves_their_version_only(db: Database, what: str) -> None:
    cid, mid = await seed(db)
    async with db.transaction() as conn:
        other = await MemberRepo(conn).upsert(Member("李四", "李四", "ql", Role.CADRE))
        await MemberRepo(conn).set_campaign_members(cid, [mid, other])
        await PrefsRepo(conn).choose_campaign(mid, cid)  # something for "a choice forgotten" to forget
        await PrefsRepo(conn).choose_campaign(other, cid)
    shared, mine, theirs = await roster_version(db.reader), await own_version(db.reader, mid), 0
    theirs = await own_version(db.reader, other)
    async with db.transaction() as conn:
        await OWN[what](conn, cid, mid)
        assert await own_version(conn, mid) > mine  # in the same transaction as the write
    assert await own_version(db.reader, mid) > mine
    assert await own_version(db.reader, other) == theirs
    assert await roster_version(db.reader) == shared


async def test_a_delivery_failure_moves_no_version(db: Database) -> None:
    _, mid = await seed(db)
    mine, shared = await own_version(db.reader, mid), await roster_version(db.reader)
    async with db.transaction() as conn:
        await PrefsRepo(conn).set_unreachable(mid, True)
    assert (await own_version(db.reader, mid), await roster_version(db.reader)) == (mine, shared)


async def test_the_sender_comes_with_both_versions_in_one_statement(db: Database) -> None:
    _, mid = await seed(db)
    async with db.transaction() as conn:
        await MemberRepo(conn).bind_user(mid, 601, 0)
        await MemberRepo(conn).set_language(mid, "en")
    version, own, member = await MemberRepo(db.reader).by_user_at_version(601)
    assert member is not None
    assert member.id == mid
    assert (version, own) == (await roster_version(db.reader), await own_version(db.reader, mid))
    assert own > 0
    assert await MemberRepo(db.reader).by_user_at_version(999) == (version, 0, None)
