"""Repositories for the organisation: units and members (shared by every campaign)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from bot.domain.model import Member, Role, Unit


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A stored member: the domain Member plus its database id."""

    id: int
    member: Member

    @property
    def key(self) -> str:
        return self.member.key


def _member(row: aiosqlite.Row) -> MemberRecord:
    return MemberRecord(
        id=row["id"],
        member=Member(
            key=row["key"],
            name=row["name"],
            unit_code=row["unit_code"],
            role=Role(row["role"]),
            language=row["language"],
            weight=row["weight"],
            telegram_user_id=row["telegram_user_id"],
        ),
    )


# The counter every write to the roster, the organisation, a campaign, a quota or a leave moves
# (migration v14; a member's own language, link and chosen campaign move theirs, v15); read first in a
# typed report's write (bot/storage/ledger.py).
ROSTER_VERSION_SQL = "SELECT n FROM roster_version WHERE id = 1"


async def roster_version(conn: aiosqlite.Connection) -> int:
    rows = await conn.execute_fetchall(ROSTER_VERSION_SQL)
    return int(next(iter(rows))[0])


# Who may report, asked under the write lock by every write of a reporter's message (bot/storage/ledger.py
# record_first, bot/services/recording.py still_authorized): is the campaign (?1) cancelled, and is the
# member (?2) active on its roster and still linked to the Telegram user (?3). What decides who may
# report is read here, in the write, never from a kept context (bot/services/senders.py).
AUTHORIZED_SQL = (
    "SELECT (SELECT cancelled FROM campaigns WHERE id = ?1), EXISTS (SELECT 1 FROM campaign_members cm "
    "JOIN members m ON m.id = cm.member_id WHERE cm.campaign_id = ?1 AND cm.member_id = ?2 AND cm.active = 1 "
    "AND m.telegram_user_id = ?3)"
)


# UnitRepo.chain(), also run inside a typed report's one-trip write (bot/storage/ledger.py).
UNIT_CHAIN_SQL = (
    "WITH RECURSIVE chain(code, depth) AS ("
    "SELECT unit_code, 0 FROM campaign_units WHERE campaign_id = ?1 AND unit_code = ?2 "
    "UNION ALL SELECT u.parent_code, chain.depth + 1 FROM chain JOIN units u ON u.code = chain.code "
    "JOIN campaign_units p ON p.campaign_id = ?1 AND p.unit_code = u.parent_code "
    "WHERE chain.depth < (SELECT COUNT(*) FROM campaign_units WHERE campaign_id = ?1)) "
    "SELECT u.code, u.name, u.level, CASE WHEN EXISTS (SELECT 1 FROM campaign_units p "
    "WHERE p.campaign_id = ?1 AND p.unit_code = u.parent_code) THEN u.parent_code END "
    "FROM chain JOIN units u ON u.code = chain.code ORDER BY chain.depth"
)


class UnitRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def upsert_many(self, units: Iterable[Unit]) -> None:
        # Parents come before children in plan order, so the foreign key always resolves.
        await self.conn.executemany(
            "INSERT INTO units (code, name, level, parent_code) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(code) DO UPDATE SET name=excluded.name, level=excluded.level, "
            "parent_code=excluded.parent_code",
            [(u.code, u.name, u.level, u.parent_code) for u in units],
        )

    async def for_campaign(self, campaign_id: int) -> list[Unit]:
        """The campaign's part of the organisation. Its root keeps its parent in the shared tree
        (a town's campaign leaves the town under its county), but within the campaign it is a root."""
        sql = (
            "SELECT u.code, u.name, u.level, CASE WHEN EXISTS (SELECT 1 FROM campaign_units p "
            "WHERE p.campaign_id = cu.campaign_id AND p.unit_code = u.parent_code) THEN u.parent_code END "
            "AS parent_code FROM units u JOIN campaign_units cu ON cu.unit_code = u.code "
            "WHERE cu.campaign_id = ? ORDER BY cu.position"
        )
        async with self.conn.execute(sql, (campaign_id,)) as cur:
            rows = await cur.fetchall()
        return [Unit(r["code"], r["name"], r["level"], r["parent_code"]) for r in rows]

    async def chain(self, campaign_id: int, code: str) -> list[Unit]:
        """The campaign's unit `code` and its ancestors within the campaign, nearest first, each as
        for_campaign() gives it: what a one-member book needs, however large the campaign's tree.
        At most as many steps as the campaign has units, so a cycle in the data cannot loop."""
        rows = await self.conn.execute_fetchall(UNIT_CHAIN_SQL, (campaign_id, code))
        return [Unit(r[0], r[1], r[2], r[3]) for r in rows]

    async def all(self) -> dict[str, Unit]:
        """The whole shared organisation, by code: what a plan upload is judged against."""
        async with self.conn.execute("SELECT code, name, level, parent_code FROM units") as cur:
            return {r[0]: Unit(r[0], r[1], r[2], r[3]) for r in await cur.fetchall()}

    async def parents(self) -> dict[str, str | None]:
        """Every known unit's parent, including units no longer in any plan: the `units` table keeps
        a unit's last place in the tree after a re-import drops it."""
        async with self.conn.execute("SELECT code, parent_code FROM units") as cur:
            return {r[0]: r[1] for r in await cur.fetchall()}

    async def set_campaign_units(self, campaign_id: int, codes: list[str]) -> None:
        await self.conn.execute("DELETE FROM campaign_units WHERE campaign_id = ?", (campaign_id,))
        await self.conn.executemany(
            "INSERT INTO campaign_units (campaign_id, unit_code, position) VALUES (?, ?, ?)",
            [(campaign_id, code, i) for i, code in enumerate(codes)],
        )


class MemberRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def upsert(self, member: Member) -> int:
        """Insert or update by key; never touches the Telegram binding or the chosen language."""
        async with self.conn.execute(
            "INSERT INTO members (key, name, unit_code, role, language, weight) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET name=excluded.name, unit_code=excluded.unit_code, "
            "role=excluded.role, weight=excluded.weight RETURNING id",
            (member.key, member.name, member.unit_code, member.role.value, member.language, member.weight),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def get(self, member_id: int) -> MemberRecord | None:
        async with self.conn.execute("SELECT * FROM members WHERE id = ?", (member_id,)) as cur:
            row = await cur.fetchone()
        return _member(row) if row else None

    async def by_key(self, key: str) -> MemberRecord | None:
        async with self.conn.execute("SELECT * FROM members WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        return _member(row) if row else None

    async def by_user_at_version(self, telegram_user_id: int) -> tuple[int, int, MemberRecord | None]:
        """by_user() with the roster version (migration v14) and the member's own (v15, 0 for a stranger)
        in one statement, so all come from one snapshot: whatever is read after it on the same connection
        is at least as new, and a context cached under them can only look older than it is, never newer."""
        rows = await self.conn.execute_fetchall(
            "SELECT v.n AS roster_version, COALESCE(mv.n, 0) AS member_version, m.* FROM roster_version v "
            "LEFT JOIN members m ON m.telegram_user_id = ? LEFT JOIN member_versions mv ON mv.member_id = m.id "
            "WHERE v.id = 1",
            (telegram_user_id,),
        )
        row = next(iter(rows))
        member = _member(row) if row["id"] is not None else None
        return int(row["roster_version"]), int(row["member_version"]), member

    async def by_user(self, telegram_user_id: int) -> MemberRecord | None:
        # execute_fetchall: one trip to the connection's thread instead of three (execute, fetch, close);
        # every report starts here.
        rows = await self.conn.execute_fetchall("SELECT * FROM members WHERE telegram_user_id = ?", (telegram_user_id,))
        return next((_member(r) for r in rows), None)

    async def for_campaign(self, campaign_id: int, *, active_only: bool = True) -> list[MemberRecord]:
        sql = (
            "SELECT m.* FROM members m JOIN campaign_members cm ON cm.member_id = m.id "
            "WHERE cm.campaign_id = ?" + (" AND cm.active = 1" if active_only else "") + " ORDER BY cm.position"
        )
        async with self.conn.execute(sql, (campaign_id,)) as cur:
            return [_member(r) for r in await cur.fetchall()]

    async def removed_from_campaign(self, campaign_id: int) -> list[MemberRecord]:
        """Members a re-import dropped from the campaign's roster. Their row keeps the unit they were
        last in (deactivation only clears `campaign_members.active`)."""
        sql = (
            "SELECT m.* FROM members m JOIN campaign_members cm ON cm.member_id = m.id "
            "WHERE cm.campaign_id = ? AND cm.active = 0 ORDER BY cm.position"
        )
        async with self.conn.execute(sql, (campaign_id,)) as cur:
            return [_member(r) for r in await cur.fetchall()]

    async def all(self) -> dict[str, Member]:
        async with self.conn.execute("SELECT * FROM members") as cur:
            return {r["key"]: _member(r).member for r in await cur.fetchall()}

    async def active_anywhere(self, member_id: int) -> bool:
        """On the roster of some campaign: leadership comes from there, not from the role alone
        (a leader removed from every campaign leads nothing)."""
        sql = "SELECT 1 FROM campaign_members WHERE member_id = ? AND active = 1 LIMIT 1"
        return len(list(await self.conn.execute_fetchall(sql, (member_id,)))) > 0

    async def is_active(self, campaign_id: int, member_id: int) -> bool:
        sql = "SELECT 1 FROM campaign_members WHERE campaign_id = ? AND member_id = ? AND active = 1"
        return len(list(await self.conn.execute_fetchall(sql, (campaign_id, member_id)))) > 0

    async def may_report(self, campaign_id: int, member_id: int, telegram_user_id: int) -> tuple[bool, bool]:
        """(cancelled, authorized) by AUTHORIZED_SQL: run inside the writing transaction."""
        rows = await self.conn.execute_fetchall(AUTHORIZED_SQL, (campaign_id, member_id, telegram_user_id))
        cancelled, authorized = next(iter(rows))
        return bool(cancelled), bool(authorized)

    async def set_campaign_members(self, campaign_id: int, member_ids: list[int]) -> None:
        """Listed members become active in the campaign; members no longer listed are deactivated,
        not deleted, so their reports stay in the ledger (SPEC §4)."""
        await self.conn.execute("UPDATE campaign_members SET active = 0 WHERE campaign_id = ?", (campaign_id,))
        await self.conn.executemany(
            "INSERT INTO campaign_members (campaign_id, member_id, active, position) VALUES (?, ?, 1, ?) "
            "ON CONFLICT(campaign_id, member_id) DO UPDATE SET active = 1, position = excluded.position",
            [(campaign_id, mid, i) for i, mid in enumerate(member_ids)],
        )

    async def bind_user(self, member_id: int, telegram_user_id: int, at: int) -> None:
        await self.conn.execute(
            "UPDATE members SET telegram_user_id = ?, joined_at = ? WHERE id = ?",
            (telegram_user_id, at, member_id),
        )

    async def set_language(self, member_id: int, language: str) -> None:
        await self.conn.execute("UPDATE members SET language = ? WHERE id = ?", (language, member_id))
