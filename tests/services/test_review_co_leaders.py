"""Two leaders of one unit (a village's 书记 and 主任, on a real database): neither may review the
other's reports. The README (Authority): "Nobody reviews their own reports … a leader's reports are
reviewed by a leader above, or an admin" — otherwise two co-leaders approve each other's numbers, and
with `verification: required` the approved numbers are the ones that rank and meet targets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.errors import NotAllowed
from bot.domain.origin import MessageKey
from bot.plans import load_plan
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.services.reporting import Recorded, TextReport
from bot.settings import load_settings
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo

from .towns import NOW, TOWN_PLAN, USERS, Town

CO_LEADER = "甲主任"  # the second leader of 甲村, beside 甲书记


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    """The town of tests/services/towns.py with verification required and a second leader in 甲村."""
    db = await Database.open(tmp_path / "campaign.db")
    services = Services.build(load_settings(database_path=tmp_path / "campaign.db", quiet_hours=""), db,
                              clock := ManualClock(NOW))  # fmt: skip
    extra = f"  - {{name: {CO_LEADER}, unit: va, role: leader}}\n"
    plan = load_plan(
        TOWN_PLAN.format(verification="required", extra_members=extra, calendar="calendar: off").encode(), "plan.yaml"
    )
    summary = await services.plans.import_plan(plan)
    users = USERS | {CO_LEADER: 3100}
    for invite in await services.invites.invites(summary.campaign_id, None, "campaign_test_bot"):
        await services.invites.redeem(invite.code, users[invite.member.member.name])
    try:
        yield Town(services, clock, users)
    finally:
        await db.close()


async def own_report(town: Town, name: str, visits: int) -> int:
    user = town.users[name]
    outcome = await town.services.reports.text(
        await town.actor(name), TextReport(MessageKey(user, 1, 0), f"走访{visits}", True, False, False)
    )
    assert isinstance(outcome, Recorded)
    [row] = await ReportRepo(town.services.db.reader).by_message(user, 1)
    return row.id


async def test_a_co_leader_is_not_shown_the_other_leaders_reports_to_review(town: Town) -> None:
    """甲书记's /verify lists 甲一's report but not 甲主任's: a leader above (镇长) reviews those."""
    record = await town.campaign()
    await own_report(town, CO_LEADER, 15)
    cadre = await own_report(town, "甲一", 3)
    page = await town.services.leader.pending(await town.actor("甲书记"), record)
    assert [item.member for item in page.items] == ["甲一"], "a co-leader's report is offered for review"
    assert [item.report.id for item in page.items] == [cadre]
    above = await town.services.leader.pending(await town.actor("镇长"), record)
    assert CO_LEADER in [item.member for item in above.items]


async def test_a_co_leader_cannot_approve_the_other_leaders_report(town: Town) -> None:
    """Pressing ✅ on 甲主任's +15 (a forwarded list, or the button of the listing above) is refused and the
    report stays pending; otherwise the pair's verified numbers are whatever they approve for each other."""
    record = await town.campaign()
    report = await own_report(town, CO_LEADER, 15)
    with pytest.raises(NotAllowed):
        await town.services.leader.decide(await town.actor("甲书记"), record, [report], True)
    row = await ReportRepo(town.services.db.reader).get(report)
    assert row is not None
    assert row.status.value == "reported"


async def test_a_co_leaders_report_is_not_in_the_other_leaders_digest_backlog(town: Town) -> None:
    """The digest's "N reports await your review" counts what /verify would list: 甲一's report, not
    甲主任's (which is in 镇长's backlog instead)."""
    record = await town.campaign()
    await own_report(town, CO_LEADER, 15)
    await own_report(town, "甲一", 3)
    loaded = await town.services.progress.load(record)
    basis = await town.services.audience.digest_basis(loaded)
    milestone = record.campaign.milestones[0]

    async def backlog(name: str) -> int:
        leader = next(r for r in loaded.members.values() if r.member.name == name)
        return (await town.services.audience.digest(record, loaded, basis, leader, milestone)).backlog

    assert await backlog("甲书记") == 1, "the co-leader's report is counted in the other co-leader's backlog"
    assert await backlog(CO_LEADER) == 1
    assert await backlog("镇长") == 2


async def test_a_co_leader_samples_only_the_reports_he_may_review(town: Town) -> None:
    """/sample draws from the same review scope as /verify: never the co-leader's report."""
    record = await town.campaign()
    co_leaders = await own_report(town, CO_LEADER, 15)
    cadre = await own_report(town, "甲一", 3)
    picked = await town.services.integrity.sample(await town.actor("甲书记"), record, 5, 9001, 10)
    assert [item.report.id for item in picked.page.items] == [cadre]
    assert co_leaders not in [item.report.id for item in picked.page.items]
