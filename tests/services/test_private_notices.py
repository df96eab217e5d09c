"""A private notice claimed with the change it tells of (SPEC §5, §9): a decision, a reconciliation, a
leave or a re-split offer claims its message to one member in the change's own transaction, so the
message exists only if the change does, and a redelivered update claims nothing a second time."""

from __future__ import annotations

import pytest

from bot.services.notifications import Notification, Target, claim_in
from bot.storage.outbox import OutboxRepo
from tests.storage.conftest import NOW

from .conftest import World

KEY = "1:leave_told:c601:u9:m7"


async def stored(world: World) -> list[Notification]:
    return await OutboxRepo(world.services.db.reader).by_key_prefix(KEY)


def test_a_private_notice_goes_to_the_members_own_chat_at_once() -> None:
    target = Target.private(KEY, 1, "leave_told", 7, NOW)
    assert target == Target(KEY, 1, "leave_told", None, "m7", NOW, late=False, member_id=7)


async def test_a_notice_is_claimed_once_in_the_callers_transaction(world: World) -> None:
    now = world.clock()
    target = Target.private(KEY, world.record.id, "leave_told", 7, now)
    async with world.services.db.transaction() as conn:
        first = await claim_in(conn, target, now)
        again = await claim_in(conn, target, now)
    assert first is not None
    assert again is None  # told before: a redelivered update claims nothing
    [row] = await stored(world)
    assert (row.id, row.recipient, row.kind, row.milestone_percent) == (first, "m7", "leave_told", None)
    assert (row.due_at, row.state, row.late) == (now, "claimed", False)


async def test_a_notice_claimed_in_a_change_that_rolls_back_is_not_claimed(world: World) -> None:
    now = world.clock()
    target = Target.private(KEY, world.record.id, "leave_told", 7, now)

    async def failing_change() -> None:
        async with world.services.db.transaction() as conn:
            assert await claim_in(conn, target, now) is not None
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        await failing_change()
    assert await stored(world) == []
