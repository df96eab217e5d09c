"""A /report keypad press and a leader's /report_for are written only for a member still on the roster
when the write takes its lock (issue 8 A, as the typed report's write does since the review of the kept
senders): a removal committed between the reads and the write records nothing and is refused."""

from __future__ import annotations

import pytest

from bot.domain.errors import DomainError
from bot.domain.model import ReportSource
from bot.domain.origin import MessageKey, Origin
from bot.domain.parser import ParsedItem
from bot.services import proxy, recording
from bot.services.directory import check

from .conftest import CHAT, World
from .reporters import removing_after, visits


async def test_a_keypad_report_racing_its_senders_removal_records_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = world.cadre.require_member()
    monkeypatch.setattr(recording, "check", removing_after(world, check))
    with pytest.raises(DomainError) as refused:
        await world.services.reports.submit(
            world.record, member, [ParsedItem("visit", 3)], Origin(ReportSource.BUTTON, CHAT, 77, 0)
        )
    assert refused.value.key == "report.not_in_campaign"
    assert await visits(world) == 0


async def test_a_report_for_a_member_removed_meanwhile_records_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    cadre = world.cadre.require_member()
    monkeypatch.setattr(proxy, "check", removing_after(world, check))
    with pytest.raises(DomainError) as refused:
        await world.services.proxy.report_for(
            world.leader, world.record, [("visit", 3)], MessageKey(world.leader.user_id, 5), member_id=cadre.id
        )
    assert refused.value.key == "proxy.not_on_roster"
    assert await visits(world) == 0


async def test_a_keypad_report_and_a_report_for_of_members_on_the_roster_are_recorded(world: World) -> None:
    member = world.cadre.require_member()
    await world.services.reports.submit(
        world.record, member, [ParsedItem("visit", 3)], Origin(ReportSource.BUTTON, CHAT, 77, 0)
    )
    await world.services.proxy.report_for(
        world.leader, world.record, [("visit", 2)], MessageKey(world.leader.user_id, 5), member_id=member.id
    )
    assert await visits(world) == 5
