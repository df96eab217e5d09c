"""Attacks on /undo "takes back what *you* sent" (review8): whoever typed an entry for a cadre — a leader
or an admin — the cadre's /undo never takes it back; an admin without a roster entry, who could not be
named as the one who typed it, types none.

The example plan on a real SQLite file: 李书记 leads 七岭村 (张三 is his cadre); the operator (ADMIN_ID) is
on no roster."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.domain.errors import DomainError, NotAllowed
from bot.domain.origin import MessageKey
from bot.services.container import Services
from tests.services.example import ADMIN_ID, USERS, actor, audited, campaign, services

__all__ = ["services"]


async def ledger(services: Services) -> list[tuple[object, ...]]:
    """(whose, task, delta, source) of every row, corrections included."""
    rows = await services.db.reader.execute_fetchall(
        "SELECT m.name, r.task, r.delta, r.source FROM reports r JOIN members m ON m.id = r.member_id ORDER BY r.id"
    )
    return [tuple(r) for r in rows]


async def test_an_admin_without_a_roster_entry_cannot_type_an_entry_for_a_cadre(services: Services) -> None:
    """Nobody could be named as the one who typed it (`entered_by` is a roster id), so the entry would read
    as the cadre's own — his /undo would take it back, the export's 代报人 would be empty. Refused: nothing
    is written, nothing is audited, the cadre has nothing of someone else's to take back."""
    record = await campaign(services)
    operator = await services.directory.actor(ADMIN_ID)
    with pytest.raises(NotAllowed) as refused:
        await services.proxy.report_for(operator, record, [("visit", 3)], MessageKey(ADMIN_ID, 41), who="张三")
    assert refused.value.key == "proxy.needs_roster"
    assert await ledger(services) == []
    assert "report_for" not in await audited(services)


async def test_a_cadres_undo_never_takes_back_what_an_admin_typed_for_him(services: Services) -> None:
    """An admin on the roster (here the town leader, listed in ADMIN_USER_IDS too) is named as who typed it:
    the entry is his to take back, not the cadre's."""
    record = await campaign(services)
    admin = replace(await actor(services, "郭镇长"), is_admin=True)
    await services.proxy.report_for(admin, record, [("visit", 3)], MessageKey(USERS["郭镇长"], 41), who="张三")
    before = await ledger(services)
    assert before == [("张三", "visit", 3, "text")]
    with pytest.raises(DomainError):  # he did not send it: not his to take back
        await services.reports.undo_last(await actor(services, "张三"), USERS["张三"], 50)
    assert await ledger(services) == before


async def _silent_today(services: Services) -> list[str]:
    """Whom 李书记's "今日未上报" lists (member keys)."""
    silence = await services.laggards.silence(await actor(services, "李书记"), await campaign(services))
    return [s.member for s in silence.members]


async def test_a_cadre_who_sent_nothing_is_silent_today(services: Services) -> None:
    assert "张三" in await _silent_today(services)


async def test_an_entry_typed_for_the_wrong_cadre_and_taken_back_is_no_report_of_his(services: Services) -> None:
    record, li = await campaign(services), await actor(services, "李书记")
    await services.proxy.report_for(li, record, [("visit", 3)], MessageKey(USERS["李书记"], 41), who="张三")
    await services.reports.undo_last(li, USERS["李书记"], 42)  # meant for 李四: taken back at once
    assert "张三" in await _silent_today(services)  # he sent nothing today: still nudged, still listed
