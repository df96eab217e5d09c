"""A guard on the triggers that move the roster version (migration v14) and the members' own counters
(v15), checked after ALL migrations: a later migration that rebuilds one of these tables (create a copy,
copy the rows, drop the old one, rename) silently drops its triggers, and every kept sender would then
be trusted on a table nobody watches any more (bot/services/senders.py). Add the triggers back in that
migration, and a column of `members` must be placed on purpose: shared, or the member's own."""

from __future__ import annotations

import re

import pytest

from bot.storage.db import Database
from bot.storage.migration_v15 import ORG_COLUMNS, OWN_COLUMNS

# Every table a sender's context is read from, all three events moving the shared version — but
# `members` updates, which move the shared version or the member's own by the columns they change.
SHARED = {
    "units": ("INSERT", "UPDATE", "DELETE"),
    "members": ("INSERT", "DELETE"),
    "campaigns": ("INSERT", "UPDATE", "DELETE"),
    "campaign_tasks": ("INSERT", "UPDATE", "DELETE"),
    "milestones": ("INSERT", "UPDATE", "DELETE"),
    "rules": ("INSERT", "UPDATE", "DELETE"),
    "campaign_units": ("INSERT", "UPDATE", "DELETE"),
    "campaign_members": ("INSERT", "UPDATE", "DELETE"),
    "quotas": ("INSERT", "UPDATE", "DELETE"),
    "leaves": ("INSERT", "UPDATE", "DELETE"),
}
OWN = {"member_prefs": ("INSERT", "UPDATE", "DELETE")}

_EVENT = re.compile(r"\bAFTER\s+(INSERT|UPDATE|DELETE)\b(?:\s+OF\s+(.*?))?\s+ON\s+(\w+)", re.IGNORECASE | re.DOTALL)


async def triggers(db: Database) -> list[tuple[str, str, frozenset[str], str]]:
    """(table, event, columns of an UPDATE OF — empty for any column, the counter it moves)."""
    rows = await db.reader.execute_fetchall("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
    out = []
    for (sql,) in rows:
        if "roster_version" not in sql and "member_versions" not in sql:
            continue  # another migration's trigger (the ledger's bounds)
        match = _EVENT.search(sql)
        assert match is not None, sql
        event, columns, table = match.group(1).upper(), match.group(2), match.group(3)
        named = frozenset(c.strip() for c in columns.split(",")) if columns else frozenset()
        moves = "roster_version" if "UPDATE roster_version" in sql else "member_versions"
        out.append((table, event, named, moves))
    return out


@pytest.mark.parametrize(("table", "events", "counter"), [(t, e, "roster_version") for t, e in SHARED.items()])
async def test_every_watched_table_keeps_its_triggers_after_every_migration(
    db: Database, table: str, events: tuple[str, ...], counter: str
) -> None:
    found = await triggers(db)
    for event in events:
        assert (table, event, frozenset(), counter) in found, (table, event)


async def test_a_members_update_moves_the_shared_version_or_their_own_by_its_columns(db: Database) -> None:
    found = await triggers(db)
    assert ("members", "UPDATE", frozenset(ORG_COLUMNS), "roster_version") in found
    assert ("members", "UPDATE", frozenset(OWN_COLUMNS), "member_versions") in found
    columns = {r[1] for r in await db.reader.execute_fetchall("PRAGMA table_info(members)")}
    assert columns == set(ORG_COLUMNS) | set(OWN_COLUMNS), "place every column of members: shared or own"


async def test_a_chosen_campaign_moves_the_members_own_version(db: Database) -> None:
    found = {(t, e, c) for t, e, _, c in await triggers(db)}
    for event in OWN["member_prefs"]:
        assert ("member_prefs", event, "member_versions") in found, event
    assert not any(t == "member_prefs" and c == "roster_version" for t, _, c in found)
    columns = {r[1] for r in await db.reader.execute_fetchall("PRAGMA table_info(member_prefs)")}
    # `unreachable` moves with delivery failures and is read by no context: deliberately unwatched.
    assert columns == {"member_id", "campaign_id", "unreachable"}, "a new column of member_prefs: watch it?"
