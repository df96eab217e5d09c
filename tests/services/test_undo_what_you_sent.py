"""/undo takes back what *you* sent (SPEC §4, §9; README, edit/undo): a cadre's own reports, a leader's own
and the entries the leader typed for others with /report_for — never an entry someone else typed for you.
A leader's take-back of a /report_for entry asks the policy as the entry did, with the member it counts for.

The example plan on a real SQLite file: 李书记 leads 七岭村 (张三 is his cadre), 郭镇长 leads the town."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import pytest

from bot.domain.errors import DomainError, NotAllowed
from bot.domain.model import Member, Role
from bot.domain.origin import MessageKey
from bot.services.container import Services
from bot.services.reporting import Recorded, TextReport
from bot.storage.org import MemberRepo
from tests.services.example import USERS, actor, campaign, services

__all__ = ["services"]

ZHANG, LI = USERS["张三"], USERS["李书记"]


async def ledger(services: Services) -> list[tuple[object, ...]]:
    """(whose, task, delta, source, entered by) of every row, corrections included."""
    rows = await services.db.reader.execute_fetchall(
        "SELECT m.name, r.task, r.delta, r.source, e.name FROM reports r JOIN members m ON m.id = r.member_id "
        "LEFT JOIN members e ON e.id = r.entered_by ORDER BY r.id"
    )
    return [tuple(r) for r in rows]


async def own_report(services: Services, name: str, message_id: int, text: str) -> None:
    """`name` sends `text` in their private chat (whose id is their Telegram id)."""
    user = USERS[name]
    report = TextReport(MessageKey(user, message_id), text, private=True, edited=False, forwarded=False)
    assert isinstance(await services.reports.text(await actor(services, name), report), Recorded)


async def typed_for(services: Services, who: str, message_id: int, count: int) -> None:
    """李书记 sends /report_for `who` 走访`count`."""
    record = await campaign(services)
    await services.proxy.report_for(
        await actor(services, "李书记"), record, [("visit", count)], MessageKey(LI, message_id), who=who
    )


async def undo(services: Services, name: str, message_id: int) -> tuple[str, list[tuple[str, int]], bool]:
    """`name` sends /undo: (for whom, what was reverted, whether it was a redelivery)."""
    undone = await services.reports.undo_last(await actor(services, name), USERS[name], message_id)
    return undone.member_name, [(r.task, r.delta) for r in undone.rows], undone.again


async def test_a_cadres_undo_never_takes_back_what_his_leader_typed_for_him(services: Services) -> None:
    await typed_for(services, "张三", 41, 3)
    before = await ledger(services)
    with pytest.raises(DomainError) as refused:
        await undo(services, "张三", 50)
    assert refused.value.key == "undo.entered_by_other"
    assert refused.value.params["name"] == "李书记"  # who to ask: he can /undo it
    assert await ledger(services) == before == [("张三", "visit", 3, "text", "李书记")]
    with pytest.raises(DomainError):  # nothing was claimed: asking again is answered again
        await undo(services, "张三", 50)


async def test_a_cadres_undo_takes_back_his_own_latest_even_when_a_leaders_entry_came_later(
    services: Services,
) -> None:
    await own_report(services, "张三", 10, "走访2")
    await typed_for(services, "张三", 41, 3)
    assert await undo(services, "张三", 11) == ("张三", [("visit", 2)], False)
    assert await ledger(services) == [
        ("张三", "visit", 2, "text", None),
        ("张三", "visit", 3, "text", "李书记"),
        ("张三", "visit", -2, "correction", None),
    ]


async def test_a_leaders_undo_takes_back_the_entry_he_typed_for_a_cadre_and_audits_it(services: Services) -> None:
    await own_report(services, "李书记", 10, "走访1")
    await typed_for(services, "张三", 41, 3)  # his latest act: what his /undo takes back
    assert await undo(services, "李书记", 42) == ("张三", [("visit", 3)], False)
    assert await undo(services, "李书记", 42) == ("张三", [("visit", 3)], True)  # delivered again: nothing more
    # The correction is 张三's (his counts go down) and names who took it back, as the entry named who typed it.
    assert await ledger(services) == [
        ("李书记", "visit", 1, "text", None),
        ("张三", "visit", 3, "text", "李书记"),
        ("张三", "visit", -3, "correction", "李书记"),
    ]
    rows = await services.db.reader.execute_fetchall("SELECT details FROM audit_log WHERE action = 'undo_for'")
    [details] = [json.loads(r[0]) for r in rows]
    assert details["counts"] == {"visit": -3}
    assert await undo(services, "李书记", 43) == ("李书记", [("visit", 1)], False)  # then his own, next


async def test_after_the_leaders_undo_the_cadre_has_nothing_to_undo(services: Services) -> None:
    await typed_for(services, "张三", 41, 3)
    await undo(services, "李书记", 42)
    with pytest.raises(DomainError) as nothing:
        await undo(services, "张三", 50)
    assert nothing.value.key == "undo.nothing"


async def _move_or_demote(services: Services, member: Member) -> None:
    async with services.db.transaction() as conn:
        await MemberRepo(conn).upsert(member)


async def _remove(services: Services, name: str) -> None:
    record = await campaign(services)
    async with services.db.transaction() as conn:
        members = MemberRepo(conn)
        keep = [m.id for m in await members.for_campaign(record.id) if m.member.name != name]
        await members.set_campaign_members(record.id, keep)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: _move_or_demote(s, Member("张三", "张三", "sq", Role.CADRE)), id="cadre moved away"),
        pytest.param(lambda s: _remove(s, "张三"), id="cadre removed from the roster"),
        pytest.param(lambda s: _move_or_demote(s, Member("李书记", "李书记", "ql", Role.CADRE)), id="leader demoted"),
    ],
)
async def test_a_leader_who_no_longer_reaches_the_member_cannot_take_his_entry_back(
    services: Services, change: Callable[[Services], Awaitable[None]]
) -> None:
    await typed_for(services, "张三", 41, 3)
    await change(services)
    before = await ledger(services)
    with pytest.raises(NotAllowed) as refused:
        await undo(services, "李书记", 42)
    assert refused.value.key == "undo.out_of_scope"
    assert refused.value.params["name"] == "张三"
    assert await ledger(services) == before
    rows = await services.db.reader.execute_fetchall("SELECT COUNT(*) FROM undos")
    assert next(iter(rows))[0] == 0  # refused, not claimed: after a fix the same /undo may run


async def test_a_town_leader_cannot_undo_what_the_village_leader_typed(services: Services) -> None:
    await typed_for(services, "张三", 41, 3)
    with pytest.raises(DomainError) as nothing:
        await undo(services, "郭镇长", 60)  # he reaches 张三, but he did not send it
    assert nothing.value.key == "undo.nothing"
    assert await ledger(services) == [("张三", "visit", 3, "text", "李书记")]
