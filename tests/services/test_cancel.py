"""Cancelling a campaign on a real database, without Telegram (SPEC §3.1 /cancel, `campaign-bot
cancel`): no report is counted in it afterwards, the cancellation is audited once, and cancelling
again changes nothing.

The town of tests/services/towns.py: 镇长 leads its root unit 潭镇, 甲书记 only the village 甲村.
"""

from __future__ import annotations

import pytest

from bot.domain.errors import DomainError, NotAllowed
from bot.domain.model import ReportSource
from bot.domain.origin import MessageKey, Origin
from bot.domain.parser import parse_report
from bot.services.reporting import NeedsConfirmation, TextReport

from .towns import Town

KEY = "town-2026"


async def ledger_rows(town: Town) -> int:
    [(count,)] = await town.services.db.reader.execute_fetchall("SELECT COUNT(*) FROM reports")
    return int(count)


async def test_a_report_in_a_cancelled_campaign_is_refused(town: Town) -> None:
    await town.report("甲一", 1, 3)
    record, already = await town.services.plans.cancel(KEY, actor=await town.actor("镇长"))
    assert not already
    assert record.campaign.cancelled
    cadre = await town.actor("甲一")
    assert cadre.member is not None
    items = parse_report("走访2", record.campaign.tasks)
    user = town.users["甲一"]
    with pytest.raises(DomainError) as refused:  # the campaign as it now stands, cancelled
        await town.services.reports.from_message(record, cadre.member, items, MessageKey(user, 2, 0), user)
    assert refused.value.key == "report.campaign_cancelled"
    assert await ledger_rows(town) == 1  # only the report made before the cancellation


async def test_a_typed_report_after_the_cancellation_finds_no_campaign(town: Town) -> None:
    await town.services.plans.cancel(KEY)  # the operator, from the command line
    with pytest.raises(DomainError) as refused:
        await town.report("甲一", 1, 3)
    assert refused.value.key == "campaign.none"  # a cancelled campaign is no member's campaign any more
    assert await ledger_rows(town) == 0


async def test_a_large_report_confirmed_after_the_cancellation_is_refused(town: Town) -> None:
    """The "are you sure?" question was asked while the campaign ran; ✅ comes after it was cancelled."""
    cadre = await town.actor("甲一")
    assert cadre.member is not None
    user = town.users["甲一"]
    key = MessageKey(user, 7, 0)
    with pytest.raises(NeedsConfirmation):  # 60 is above the default 50 per report
        await town.services.reports.text(cadre, TextReport(key, "走访60", private=True, edited=False, forwarded=False))
    await town.services.plans.cancel(KEY, actor=await town.actor("镇长"))
    with pytest.raises(DomainError) as refused:
        await town.services.reports.answer(cadre.member, user, key, yes=True)
    assert refused.value.key == "report.campaign_cancelled"
    assert await ledger_rows(town) == 0


async def test_the_cancellation_is_audited_once(town: Town) -> None:
    leader = await town.actor("镇长")
    await town.services.plans.cancel(KEY, actor=leader)
    [details] = await town.audited("campaign_cancel")
    assert '"via": "chat"' in details
    assert f'"campaign": "{KEY}"' in details


async def test_cancelling_twice_is_harmless(town: Town) -> None:
    leader = await town.actor("镇长")
    first, already_first = await town.services.plans.cancel(KEY, actor=leader)
    again, already_again = await town.services.plans.cancel(KEY, actor=leader)
    assert (already_first, already_again) == (False, True)
    assert again.campaign.cancelled
    assert again.id == first.id
    assert len(await town.audited("campaign_cancel")) == 1


async def test_a_village_leader_cannot_cancel_the_towns_campaign(town: Town) -> None:
    with pytest.raises(NotAllowed) as refused:
        await town.services.plans.cancel(KEY, actor=await town.actor("甲书记"))
    assert (refused.value.key, refused.value.params) == ("plan.auth.not_owner", {"unit": "潭镇"})
    assert await town.audited("campaign_cancel") == []
    assert not (await town.campaign()).campaign.cancelled


async def test_an_unknown_campaign_is_named_in_the_refusal(town: Town) -> None:
    with pytest.raises(DomainError) as refused:
        await town.services.plans.cancel("no-such-campaign")
    assert (refused.value.key, refused.value.params) == ("campaign.unknown", {"key": "no-such-campaign"})


async def test_a_report_racing_the_cancellation_is_not_counted(town: Town) -> None:
    """The cadre's campaign was read just before the leader cancelled it: the write itself re-checks,
    inside the transaction that would record the report, so nothing is counted after the cancellation."""
    cadre = await town.actor("甲一")
    assert cadre.member is not None
    running = await town.services.directory.current_campaign(cadre)  # read while it still runs
    await town.services.plans.cancel(KEY, actor=await town.actor("镇长"))
    user = town.users["甲一"]
    items = parse_report("走访2", running.campaign.tasks)
    with pytest.raises(DomainError) as refused:
        await town.services.reports.from_message(running, cadre.member, items, MessageKey(user, 3, 0), user)
    assert refused.value.key == "report.campaign_cancelled"
    with pytest.raises(DomainError) as pressed:
        await town.services.reports.submit(running, cadre.member, items, Origin(ReportSource.BUTTON, user, 4, 0))
    assert pressed.value.key == "report.campaign_cancelled"
    assert await ledger_rows(town) == 0
