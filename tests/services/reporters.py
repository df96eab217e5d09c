"""Shared by the report use-case tests (tests/services): a typed report as the handler hands it over, the
database trips a block makes, and the kept-sender races' moves (a report, the ledger's sum, the roster
version, the cadre removed, the roster moved by someone else's quota)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import aiosqlite
import pytest

from bot.domain.model import Assignee
from bot.domain.origin import MessageKey
from bot.services.reporting import Recorded, TextReport
from bot.storage.campaigns import QuotaRepo
from bot.storage.org import MemberRepo, roster_version

from .conftest import CADRE_USER, CHAT, World


def typed(message_id: int, text: str, revision: int = 0) -> TextReport:
    return TextReport(MessageKey(CHAT, message_id, revision), text, private=True, edited=revision > 0, forwarded=False)


@contextmanager
def trips() -> Iterator[list[str]]:
    """Every function handed to a connection's thread while the block runs."""
    seen: list[str] = []
    original = cast(Callable[..., Awaitable[Any]], aiosqlite.Connection._execute)  # untyped in aiosqlite

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aiosqlite.Connection, "_execute", counting)
        yield seen


async def report(world: World, message_id: int, text: str = "走访1") -> Recorded:
    _, outcome = await world.services.reports.typed(CADRE_USER, "zh", typed(message_id, text))
    assert isinstance(outcome, Recorded), outcome
    return outcome


async def visits(world: World) -> int:
    async with world.services.db.latest() as conn:
        rows = await conn.execute_fetchall("SELECT COALESCE(SUM(delta), 0) FROM reports")
    return int(next(iter(rows))[0])


async def version(world: World) -> int:
    async with world.services.db.latest() as conn:
        return await roster_version(conn)


async def remove_the_cadre(world: World) -> None:
    async with world.services.db.transaction() as conn:
        leader = await MemberRepo(conn).by_key("李书记")
        assert leader is not None
        await MemberRepo(conn).set_campaign_members(world.record.id, [leader.id])


async def bump_the_roster(world: World) -> None:
    """A write that changes nothing about the cadre but moves the roster version: the leader's own quota.
    (Not the leader's language: that moves only the leader's own counter, migration v15 — see
    test_another_members_language_leaves_a_kept_sender_at_one_trip.)"""
    async with world.services.db.transaction() as conn:
        await QuotaRepo(conn).set(world.record.id, Assignee.member("李书记"), "visit", 10)


def removing_after(world: World, original: Any) -> Any:
    """`original` (the checks made before the write lock), then the cadre removed by someone else."""

    async def check_then_remove(*args: Any, **kwargs: Any) -> Any:
        checked = await original(*args, **kwargs)
        await remove_the_cadre(world)
        return checked

    return check_then_remove
