"""Reports entered by a leader for a cadre (/report_for, SPEC §3.1) on a real SQLite file, no Telegram:
the entry is the cadre's and keeps who entered it; one message is one entry however often it arrives;
the policy and the report checks decide, and a refusal writes nothing."""

from __future__ import annotations

import pytest

from bot.domain.errors import DomainError, NotAllowed
from bot.domain.origin import MessageKey
from bot.services.container import Services
from tests.services.example import actor, audited, campaign, services

__all__ = ["services"]


async def ledger(services: Services) -> list[tuple[object, ...]]:
    rows = await services.db.reader.execute_fetchall(
        "SELECT m.name, r.task, r.delta, r.source, e.name FROM reports r JOIN members m ON m.id = r.member_id "
        "LEFT JOIN members e ON e.id = r.entered_by ORDER BY r.id"
    )
    return [tuple(r) for r in rows]


async def test_an_entry_for_a_cadre_is_theirs_and_names_the_leader_once_per_message(services: Services) -> None:
    leader, record = await actor(services, "李书记"), await campaign(services)
    key = MessageKey(2002, 41)
    first = await services.proxy.report_for(leader, record, [("visit", 5), ("checkup", 2)], key, who="张三")
    again = await services.proxy.report_for(leader, record, [("visit", 5), ("checkup", 2)], key, who="张三")
    assert not first.recorded.duplicate
    assert first.notify_user_id == 1001  # 张三 joined: he is told
    assert again.recorded.duplicate
    assert again.notify_user_id is None  # and told once
    assert await ledger(services) == [("张三", "visit", 5, "text", "李书记"), ("张三", "checkup", 2, "text", "李书记")]
    assert (await audited(services)).count("report_for") == 1


async def test_outside_the_subtree_or_by_a_cadre_nothing_is_written(services: Services) -> None:
    record = await campaign(services)
    with pytest.raises(NotAllowed):
        await services.proxy.report_for(
            await actor(services, "李书记"), record, [("visit", 1)], MessageKey(1, 1), who="王五"
        )
    with pytest.raises(NotAllowed):
        await services.proxy.report_for(
            await actor(services, "张三"), record, [("visit", 1)], MessageKey(1, 2), who="李四"
        )
    assert await ledger(services) == []
    assert "report_for" not in await audited(services)


async def test_the_checks_of_a_report_apply_and_no_large_count_is_entered_for_someone_else(services: Services) -> None:
    leader, record = await actor(services, "郭镇长"), await campaign(services)
    with pytest.raises(DomainError) as refused:
        await services.proxy.report_for(leader, record, [("visit", 51)], MessageKey(1, 3), who="张三")
    assert refused.value.key == "proxy.too_large"
    with pytest.raises(DomainError) as unknown:
        await services.proxy.report_for(leader, record, [("visit", 1)], MessageKey(1, 4), who="陈三")
    assert unknown.value.key == "lookup.unknown_member"
    assert "张三" in unknown.value.params["choices"]
    assert await ledger(services) == []
