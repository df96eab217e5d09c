"""The ranking's tie-break on a real database (SPEC §3.3 "ties: earlier to reach it"): since when an
assignee's *capped* completion has held the level it stands at. Work beyond the quota moves nothing; an
/undo back to a level held before moves nothing, one below it counts from when the village reaches it
again; a village crosses its
quota at the member's report that carried it over, whatever its members report afterwards; under
`verification: required` a report counts — and so crosses — when it is verified.

The town of tests/services/towns.py: 甲村 and 乙村 each have a visit quota of 20; 甲一 and 乙一 are their
cadres, 甲书记 is 甲村's leader (a member of it)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.model import AssigneeKind
from bot.domain.ranking import rank
from bot.domain.standing import Standing

from .towns import NOW, Town

UNDO_CHAT = 9_000  # where the /undo messages are typed


def day(n: int, hour: int) -> datetime:
    return NOW + timedelta(days=n, hours=hour)


async def villages(town: Town) -> list[Standing]:
    """潭镇's villages as its ranking orders them."""
    loaded = await town.services.progress.load(await town.campaign())
    return [
        row.standing for row in rank([s for s in loaded.book.children("tz") if s.assignee.kind is AssigneeKind.UNIT])
    ]


async def test_an_undo_back_to_a_level_held_before_keeps_the_village_first(town: Town) -> None:
    """甲村 reaches 18 of 20 on day 0 at 10:00, 乙村 at 11:00. On day 1 甲一 reports 5 (23: 100 %); on day 2
    he takes them back: 甲村 is at 90 % again, a level it has held since day 0 10:00 — before 乙村 — so it
    ranks first."""
    town.clock.set(day(0, 10))
    await town.report("甲一", 1, 18)
    town.clock.set(day(0, 11))
    await town.report("乙一", 1, 18)
    town.clock.set(day(1, 10))
    await town.report("甲一", 2, 5)
    assert [s.assignee.key for s in (await villages(town))[:2]] == ["va", "vb"]  # 100 % against 90 %
    town.clock.set(day(2, 10))
    await town.services.reports.undo_last(await town.actor("甲一"), UNDO_CHAT, 1)
    ranked = await villages(town)
    assert [(s.assignee.key, s.completion) for s in ranked[:2]] == [("va", 0.9), ("vb", 0.9)]
    assert ranked[0].reached_at == day(0, 10)


async def test_a_village_that_fell_below_a_level_counts_from_when_it_reached_it_again(town: Town) -> None:
    """甲村 reaches 10 of 20 on day 0, 乙村 10 on day 1. On day 2 甲一 takes 2 of his back (8) and reports
    2 more (10 again): 甲村 holds 10 only since day 2 — 乙村 ranks first."""
    town.clock.set(day(0, 10))
    await town.report("甲一", 1, 8)
    town.clock.set(day(0, 11))
    await town.report("甲一", 2, 2)
    town.clock.set(day(1, 10))
    await town.report("乙一", 3, 10)
    town.clock.set(day(2, 10))
    await town.services.reports.undo_last(await town.actor("甲一"), UNDO_CHAT, 1)  # the 2 of message 2
    town.clock.set(day(2, 11))
    await town.report("甲一", 4, 2)
    ranked = await villages(town)
    assert [(s.assignee.key, s.completion) for s in ranked[:2]] == [("vb", 0.5), ("va", 0.5)]
    assert ranked[1].reached_at == day(2, 11)


async def test_an_undo_of_work_beyond_the_quota_moves_nothing(town: Town) -> None:
    """甲村 meets its 20 on day 0, 乙村 on day 1; 甲一 reports 5 more on day 2 and takes them back on day
    3: 甲村 stayed at 100 % all along, reached on day 0, and ranks first."""
    town.clock.set(day(0, 10))
    await town.report("甲一", 1, 20)
    town.clock.set(day(1, 10))
    await town.report("乙一", 1, 20)
    town.clock.set(day(2, 10))
    await town.report("甲一", 2, 5)
    town.clock.set(day(3, 10))
    await town.services.reports.undo_last(await town.actor("甲一"), UNDO_CHAT, 1)
    ranked = await villages(town)
    assert [(s.assignee.key, s.completion, s.reached_at) for s in ranked[:2]] == [
        ("va", 1.0, day(0, 10)),
        ("vb", 1.0, day(1, 10)),
    ]


async def test_a_village_crosses_its_quota_at_the_members_report_that_carried_it_over(town: Town) -> None:
    """甲一 reports 12 on day 0; 甲书记's 8 on day 1 at 10:00 carry 甲村 to its 20; 乙村 reaches 20 on day 1
    at 12:00; 甲一 reports 5 more on day 2. 甲村 reached 100 % first — at its second member's report, not
    at the latest of its members' moments."""
    town.clock.set(day(0, 10))
    await town.report("甲一", 1, 12)
    town.clock.set(day(1, 10))
    await town.report("甲书记", 1, 8)
    town.clock.set(day(1, 12))
    await town.report("乙一", 1, 20)
    town.clock.set(day(2, 10))
    await town.report("甲一", 2, 5)
    ranked = await villages(town)
    assert [(s.assignee.key, s.completion, s.reached_at) for s in ranked[:2]] == [
        ("va", 1.0, day(1, 10)),
        ("vb", 1.0, day(1, 12)),
    ]


async def test_under_required_verification_a_village_crosses_its_quota_when_the_work_is_verified(
    required_town: Town,
) -> None:
    """甲一's 15 are verified on day 0 at 9:30; his 10 sent at 10:00 are verified only at 12:00. 乙一's 20
    are verified at 11:30; his 3 more on day 1 (beyond the quota) are verified on day 1. 乙村 crossed at
    11:30, 甲村 at 12:00, when its work was verified: 乙村 ranks first."""
    town = required_town
    chief, record = await town.actor("镇长"), await town.campaign()
    town.clock.set(day(0, 9))
    first = await town.report("甲一", 1, 15)
    town.clock.set(day(0, 9) + timedelta(minutes=30))
    await town.services.leader.decide_round(chief, record, [first], True)
    town.clock.set(day(0, 10))
    second = await town.report("甲一", 2, 10)
    town.clock.set(day(0, 11))
    yi = await town.report("乙一", 1, 20)
    town.clock.set(day(0, 11) + timedelta(minutes=30))
    await town.services.leader.decide_round(chief, record, [yi], True)
    town.clock.set(day(0, 12))
    await town.services.leader.decide_round(chief, record, [second], True)
    town.clock.set(day(1, 10))
    more = await town.report("乙一", 2, 3)
    town.clock.set(day(1, 11))
    await town.services.leader.decide_round(chief, record, [more], True)
    ranked = await villages(town)
    assert [(s.assignee.key, s.completion, s.reached_at) for s in ranked[:2]] == [
        ("vb", 1.0, day(0, 11) + timedelta(minutes=30)),
        ("va", 1.0, day(0, 12)),
    ]
