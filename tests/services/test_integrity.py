"""Integrity flags on a real database (issue 11 §4): the live ledger is read, undone and rejected
reports leave no flag, and a leader sees the flags of the reports they may review — never their own."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.anomalies import Reason
from bot.domain.errors import DomainError, NotAllowed
from bot.services.integrity import IntegrityService

from .towns import Town, open_town

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    opened = await open_town(tmp_path, verification="required")
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def test_a_report_sent_at_23_40_is_flagged_night_for_the_leaders_above(town: Town) -> None:
    record, chief = await town.campaign(), await town.actor("镇长")
    town.clock.set(datetime(2026, 11, 21, 23, 40, tzinfo=TZ))
    late = await town.report("甲一", 1, 5)
    town.clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=TZ))
    day = await town.report("乙一", 2, 5)
    judged = await town.services.integrity.scope_findings(chief, record)
    assert [f.reason for f in judged.findings.of(late)] == [Reason.NIGHT]
    assert judged.findings.of(day) == ()
    assert judged.flagged_pending == [late]
    village = await town.services.integrity.scope_findings(await town.actor("乙书记"), record)
    assert village.findings.of(late) == ()  # 甲一 is not in 乙村: not judged there


async def test_a_rejected_report_leaves_no_flag(town: Town) -> None:
    record, chief = await town.campaign(), await town.actor("镇长")
    town.clock.set(datetime(2026, 11, 21, 23, 40, tzinfo=TZ))
    late = await town.report("甲一", 1, 5)
    await town.services.leader.decide(chief, record, [late], False)
    judged = await town.services.integrity.scope_findings(chief, record)
    assert judged.findings.of(late) == ()


async def test_over_quota_counts_the_members_own_quota_and_the_page_lists_only_flagged(town: Town) -> None:
    record, chief = await town.campaign(), await town.actor("镇长")
    await town.services.leader.assign(chief, record, "甲一", "visit", 10)
    town.clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=TZ))  # the town's clock starts at midnight: a night
    ordinary = await town.report("甲一", 1, 10)
    crossing = await town.report("甲一", 2, 6)  # 16 of 10: above 150 %
    page = await town.services.integrity.pending(chief, record, 8, flagged_only=True)
    assert [i.report.id for i in page.items] == [crossing]
    assert (page.total, page.flagged) == (1, 1)
    assert [f.reason for f in page.flags[crossing]] == [Reason.OVER_QUOTA]
    whole = await town.services.integrity.pending(chief, record, 8)
    assert [i.report.id for i in whole.items] == [ordinary, crossing]
    assert (whole.total, whole.flagged, set(whole.flags)) == (2, 1, {crossing})


async def test_a_cadre_sees_no_flags(town: Town) -> None:
    with pytest.raises(NotAllowed):
        await town.services.integrity.scope_findings(await town.actor("甲一"), await town.campaign())


async def test_a_sample_uses_the_injected_random_source_and_is_recorded_once_per_update(town: Town) -> None:
    record, chief = await town.campaign(), await town.actor("镇长")
    town.clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=TZ))
    reports = [await town.report("甲一", i, 1) for i in range(1, 7)]
    services = town.services
    seeded = IntegrityService(services.db, services.clock, services.leader, rng=lambda: random.Random(5))
    first = await seeded.sample(chief, record, 3, update_id=900, limit=8)
    expected = sorted(random.Random(5).sample(reports, 3))  # no flags: all three from the others
    assert [i.report.id for i in first.page.items] == expected
    again = await services.integrity.sample(chief, record, 3, update_id=900, limit=8)  # redelivered
    assert [i.report.id for i in again.page.items] == expected
    assert len(await town.audited("sample")) == 1


async def test_a_sample_of_zero_or_too_many_is_refused(town: Town) -> None:
    record, chief = await town.campaign(), await town.actor("镇长")
    for n in (0, 51):
        with pytest.raises(DomainError) as refused:
            await town.services.integrity.sample(chief, record, n, update_id=1, limit=8)
        assert refused.value.key == "sample.bad_count"
