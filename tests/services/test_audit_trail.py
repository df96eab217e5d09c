"""Who an audit entry names (SPEC §8): every leader action in the audit log names the person who did it
as the roster and Telegram know them, and an action from the command line names nobody."""

from __future__ import annotations

from typing import Any

from bot.services.audit_trail import audit_action
from bot.storage.audit import AuditRepo

from .conftest import LEADER_USER, World


async def entry(world: World, entry_id: int) -> dict[str, Any]:
    found = await AuditRepo(world.services.db.reader).get(entry_id)
    assert found is not None
    return found


async def test_an_action_names_the_actor_by_roster_id_and_telegram_id_in_its_campaign(world: World) -> None:
    async with world.services.db.transaction() as conn:
        entry_id = await audit_action(conn, "quota_assign", world.clock(), world.leader, world.record.id, quota=5)
    found = await entry(world, entry_id)
    assert (found["action"], found["campaign_id"]) == ("quota_assign", world.record.id)
    assert (found["actor_member_id"], found["actor_user_id"]) == (world.leader.member_id, LEADER_USER)
    assert found["details"] == {"quota": 5}


async def test_an_action_from_the_command_line_names_nobody(world: World) -> None:
    async with world.services.db.transaction() as conn:
        entry_id = await audit_action(conn, "campaign_cancel", world.clock(), None, world.record.id, via="cli")
    found = await entry(world, entry_id)
    assert (found["actor_member_id"], found["actor_user_id"]) == (None, None)
    assert (found["campaign_id"], found["details"]) == (world.record.id, {"via": "cli"})
