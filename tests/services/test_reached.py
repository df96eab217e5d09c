"""The two moments a book reads (SPEC §2 status, §3.3 ranking), on a real database: when an assignee
reached its level — the ranking's tie-break, "earlier to reach it" — is since when its capped
completion has held the level it stands at (bot/domain/reaching.py: an /undo back to a level held before
moves nothing, a rejected report or one still pending under required verification never counted; there a
report counts from the moment it was verified); when it last reported — what ends a silence — is the
latest report it sent, whatever became of it (a rejected one too), never an /undo.

In 潭镇 every village has a visit quota of 20: 10 visits are 50 %."""

from __future__ import annotations

from datetime import datetime

from bot.domain.model import Assignee
from bot.domain.ranking import ranked_children
from bot.domain.standing import Status
from tests.services.towns import Town
from tests.storage.conftest import TZ

UNDO_CHAT = 9_000  # where the /undo messages are typed


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


async def _villages(town: Town) -> list[str]:
    """潭镇's villages as /progress ranks them."""
    book = (await town.services.progress.load(await town.campaign())).book
    ranked, _ = ranked_children(book, "tz")
    return [r.standing.assignee.key for r in ranked]


async def _both_at_half(town: Town) -> None:
    """甲村 reaches 50 % at 10:00, 乙村 at 11:00 on 15 Nov; 丙村 and 丁村 report nothing."""
    town.clock.set(at(15, 10))
    await town.report("甲一", 1, 10)
    town.clock.set(at(15, 11))
    await town.report("乙一", 1, 10)


async def test_an_undone_report_does_not_make_a_village_look_later_to_reach_its_level(town: Town) -> None:
    """甲村 reaches 10 visits at 10:00, goes to 11 at 12:00 and back to 10 at 12:05 (an /undo): it has held
    10 since 10:00, before 乙村 reached 10 at 11:00 — 甲村 ranks first (bot/domain/reaching.py)."""
    await _both_at_half(town)
    town.clock.set(at(15, 12))
    await town.report("甲一", 2, 1)
    town.clock.set(at(15, 12, 5))
    await town.services.reports.undo_last(await town.actor("甲一"), UNDO_CHAT, 1)
    town.clock.set(at(20, 0))
    assert await _villages(town) == ["va", "vb", "vc", "vd"]
    book = (await town.services.progress.load(await town.campaign())).book
    assert book.standing(Assignee.unit("va")).reached_at == at(15, 10)


async def test_a_rejected_report_does_not_move_the_tie_break(town: Town) -> None:
    await _both_at_half(town)
    town.clock.set(at(15, 12))
    late = await town.report("甲一", 2, 1)
    await town.services.leader.decide_round(await town.actor("镇长"), await town.campaign(), [late], False)
    town.clock.set(at(20, 0))
    assert await _villages(town) == ["va", "vb", "vc", "vd"]


async def test_a_report_still_pending_does_not_move_the_tie_break_when_only_verified_work_counts(
    required_town: Town,
) -> None:
    town = required_town
    chief, record = await town.actor("镇长"), await town.campaign()
    town.clock.set(at(15, 10))
    jia = await town.report("甲一", 1, 10)
    town.clock.set(at(15, 11))
    yi = await town.report("乙一", 1, 10)
    town.clock.set(at(15, 12))
    await town.services.leader.decide_round(chief, record, [jia], True)
    town.clock.set(at(15, 13))
    await town.services.leader.decide_round(chief, record, [yi], True)
    town.clock.set(at(15, 14))
    await town.report("甲一", 2, 1)  # a claim until a leader approves it: it counts nowhere yet
    town.clock.set(at(20, 0))
    assert await _villages(town) == ["va", "vb", "vc", "vd"]
    book = (await town.services.progress.load(await town.campaign())).book
    assert book.standing(Assignee.unit("va")).reached_at == at(15, 12)


async def test_under_required_verification_a_level_is_reached_when_it_is_verified(required_town: Town) -> None:
    town = required_town
    chief, record = await town.actor("镇长"), await town.campaign()
    town.clock.set(at(15, 9))
    jia = await town.report("甲一", 1, 10)  # sent first ...
    town.clock.set(at(15, 10))
    yi = await town.report("乙一", 1, 10)
    town.clock.set(at(15, 12))
    await town.services.leader.decide_round(chief, record, [yi], True)
    town.clock.set(at(15, 13))
    await town.services.leader.decide_round(chief, record, [jia], True)  # ... but counted later
    town.clock.set(at(20, 0))
    assert await _villages(town) == ["vb", "va", "vc", "vd"]


async def _behind_since_the_17th(town: Town) -> None:
    """甲一 (a quota of 20 of their own) reports 4 on 17 Nov. On 22 Nov 00:00, 30 % is expected (of the
    50 % milestone on 30 Nov): 甲一 at 4 of 20 (20 %) is behind, and the last 5 days' rate (4 / 5 a
    day, over the 8 days left) still reaches the 10 the milestone asks: behind, not at risk — unless
    silent since."""
    await town.services.leader.assign(await town.actor("镇长"), await town.campaign(), "甲一", "visit", 20)
    town.clock.set(at(17, 11))
    await town.report("甲一", 1, 4)


async def _status(town: Town, key: str) -> Status:
    book = (await town.services.progress.load(await town.campaign())).book
    return book.standing(Assignee.member(key)).status


async def test_an_undo_does_not_end_a_members_silence(town: Town) -> None:
    await _behind_since_the_17th(town)
    town.clock.set(at(17, 12))
    await town.report("甲一", 2, 1)
    town.clock.set(at(21, 20))
    await town.services.reports.undo_last(await town.actor("甲一"), UNDO_CHAT, 2)  # takes back the 1
    town.clock.set(at(22, 0))
    assert await _status(town, "甲一") is Status.AT_RISK  # silent 4½ days: no report since the 17th


async def test_a_rejected_report_ends_a_silence_the_member_did_report(town: Town) -> None:
    await _behind_since_the_17th(town)
    town.clock.set(at(21, 20))
    refused = await town.report("甲一", 2, 1)
    await town.services.leader.decide_round(await town.actor("镇长"), await town.campaign(), [refused], False)
    town.clock.set(at(22, 0))
    assert await _status(town, "甲一") is Status.BEHIND


async def test_the_acknowledgements_book_reads_the_same_silence_and_no_tie_break(town: Town) -> None:
    """The one-member book (a report's acknowledgement) reads the ledger's own path: the same last report;
    it ranks no one, so it reads no steps and has no moment of reaching (issue 8: a report's cost)."""
    await _behind_since_the_17th(town)
    town.clock.set(at(17, 12))
    await town.report("甲一", 2, 1)
    town.clock.set(at(21, 20))
    await town.services.reports.undo_last(await town.actor("甲一"), UNDO_CHAT, 2)
    town.clock.set(at(22, 0))
    record, member = await town.campaign(), (await town.actor("甲一")).require_member()
    standing = await town.services.progress.member_standing(record, member)
    assert (standing.status, standing.reached_at) == (Status.AT_RISK, None)
