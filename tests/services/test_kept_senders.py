"""A typed report's sender kept between reports (bot/services/senders.py) and checked at the write
against the roster version (migration v14): a kept context saves the report its reads, and whatever
changed since — a member removed or moved, a campaign cancelled, a quota changed, a leave recorded, a
language chosen — is seen by the very next report, because the write refuses a context older than the
roster and the report is decided again on fresh reads."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.errors import DomainError
from bot.domain.leave import Leave
from bot.domain.model import Assignee, Member, Role, Unit
from bot.services import senders
from bot.services.reporting import Recorded, Reply
from bot.services.senders import Sender, Senders
from bot.storage.campaigns import CampaignRepo, QuotaRepo
from bot.storage.first_text import Kept
from bot.storage.leaves import LeaveRepo
from bot.storage.org import MemberRepo, UnitRepo

from .conftest import CADRE_USER, World
from .reporters import trips, typed


async def report(world: World, message_id: int, text: str = "走访1") -> Recorded:
    _, outcome = await world.services.reports.typed(CADRE_USER, "zh", typed(message_id, text))
    assert isinstance(outcome, Recorded), outcome
    return outcome


async def visits(world: World) -> int:
    rows = await world.services.db.reader.execute_fetchall("SELECT COALESCE(SUM(delta), 0) FROM reports")
    return int(next(iter(rows))[0])


async def test_a_kept_sender_reports_in_one_trip_to_the_database(world: World) -> None:
    await report(world, 1)  # the sender read, then kept with what their write read
    with trips() as seen:
        again = await report(world, 2, "走访5 体检3")
    assert len(seen) == 1, seen  # the write, nothing read before it
    assert again.standing is not None
    assert again.standing_now().tasks[0].done == 6


async def test_the_kept_standing_is_the_one_read_afresh(world: World) -> None:
    await report(world, 1)
    kept = await report(world, 2)
    fresh = await world.services.reports.text(world.cadre, typed(3, "走访1"))
    assert isinstance(fresh, Recorded)
    assert kept.standing is not None
    assert fresh.standing is not None
    assert (kept.standing.units, kept.standing.quotas, kept.standing.leaves) == (
        fresh.standing.units,
        fresh.standing.quotas,
        fresh.standing.leaves,
    )
    assert fresh.standing_now().tasks[0].done == 3


async def test_a_member_removed_from_the_roster_is_refused_at_the_very_next_report(world: World) -> None:
    await report(world, 1)
    async with world.services.db.transaction() as conn:
        leader = await MemberRepo(conn).by_key("李书记")
        assert leader is not None
        await MemberRepo(conn).set_campaign_members(world.record.id, [leader.id])
    with pytest.raises(DomainError) as refused:
        await world.services.reports.typed(CADRE_USER, "zh", typed(2, "走访1"))
    assert refused.value.key == "campaign.none"
    assert await visits(world) == 1


async def test_a_cancelled_campaign_refuses_the_very_next_report(world: World) -> None:
    await report(world, 1)
    async with world.services.db.transaction() as conn:
        await CampaignRepo(conn).set_cancelled(world.record.id, True)
    with pytest.raises(DomainError) as refused:
        await world.services.reports.typed(CADRE_USER, "zh", typed(2, "走访1"))
    assert refused.value.key == "campaign.none"
    assert await visits(world) == 1


async def test_a_member_moved_to_another_unit_counts_there_at_the_very_next_report(world: World) -> None:
    await report(world, 1)
    async with world.services.db.transaction() as conn:
        await UnitRepo(conn).upsert_many([Unit("sq", "双泉村", "village")])
        await UnitRepo(conn).set_campaign_units(world.record.id, ["ql", "sq"])
        await MemberRepo(conn).upsert(Member("张三", "张三", "sq", Role.CADRE))
    moved = await report(world, 2)
    assert moved.member.member.unit_code == "sq"
    assert moved.standing is not None
    assert [u.code for u in moved.standing.units] == ["sq"]


async def test_a_changed_quota_shows_in_the_very_next_acknowledgement(world: World) -> None:
    first = await report(world, 1)
    assert first.standing_now().tasks[0].quota == 40
    async with world.services.db.transaction() as conn:
        await QuotaRepo(conn).set(world.record.id, Assignee.member("张三"), "visit", 25)
    after = await report(world, 2)
    assert after.standing_now().tasks[0].quota == 25


async def test_a_new_leave_is_counted_by_the_very_next_report(world: World) -> None:
    await report(world, 1)
    leave = Leave(date(2026, 11, 25), date(2026, 11, 27))
    async with world.services.db.transaction() as conn:
        await LeaveRepo(conn).add(world.record.id, world.cadre.member_id or 0, leave, None, world.clock(), None)
    after = await report(world, 2)
    assert after.standing is not None
    assert after.standing.leaves == (leave,)


async def test_a_chosen_language_answers_the_very_next_report(world: World) -> None:
    actor, _ = await world.services.reports.typed(CADRE_USER, "zh", typed(1, "走访1"))
    assert actor.language == "zh"
    await world.services.directory.set_language(actor, "en")
    actor, outcome = await world.services.reports.typed(CADRE_USER, "zh", typed(2, "走访1"))
    assert isinstance(outcome, Recorded)
    assert actor.language == "en"


async def test_a_change_between_the_fresh_reads_and_the_write_is_read_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race the version closes: the roster changes after the sender was read, before the write."""
    original = senders.read_sender
    removed = False

    async def read_then_remove(*args: object, **kwargs: object) -> senders.Sender:
        nonlocal removed
        sender = await original(*args, **kwargs)  # type: ignore[arg-type]
        if not removed:
            removed = True
            async with world.services.db.transaction() as conn:
                await MemberRepo(conn).set_campaign_members(world.record.id, [])
        return sender

    monkeypatch.setattr(senders, "read_sender", read_then_remove)
    with pytest.raises(DomainError) as refused:
        await world.services.reports.typed(CADRE_USER, "zh", typed(1, "走访1"))
    assert refused.value.key == "campaign.none"
    assert await visits(world) == 0


async def test_other_texts_from_a_kept_sender_are_answered_as_before(world: World) -> None:
    await report(world, 1)
    _, how_to = await world.services.reports.typed(CADRE_USER, "zh", typed(2, "你好"))
    assert isinstance(how_to, Reply)
    assert how_to.key == "report.how_to"
    _, edit = await world.services.reports.typed(CADRE_USER, "zh", typed(1, "走访3", revision=5))
    assert isinstance(edit, Recorded)
    assert await visits(world) == 3


async def test_a_stranger_is_not_kept(world: World) -> None:
    _, outcome = await world.services.reports.typed(4242, "en", typed(1, "走访1"))
    assert outcome == Reply("error.not_member")
    assert world.services.senders.get(4242) is None


def test_the_kept_senders_are_bounded_least_recently_used_first_out(world: World) -> None:
    kept, sender = Senders(capacity=2), Sender(0, world.cadre, ())
    kept.put(1, sender)
    kept.put(2, sender)
    assert kept.get(1) is sender  # 1 is now the more recently used
    kept.put(3, sender)
    assert len(kept) == 2
    assert kept.get(2) is None
    assert kept.get(1) is sender
    assert kept.get(3) is sender


def test_what_a_write_read_is_kept_only_with_a_context_of_the_same_version(world: World) -> None:
    kept = Senders()
    kept.put(1, Sender(7, world.cadre, ()))
    shape = Kept((), (), ())
    kept.keep(1, 6, world.record.id, shape)  # read by a write at an older version: not this context's
    assert kept.get(1) == Sender(7, world.cadre, ())
    kept.keep(1, 7, world.record.id, shape)
    assert kept.get(1) == Sender(7, world.cadre, (), kept={world.record.id: shape})
