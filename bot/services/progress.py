"""Loads a campaign's state from storage into the pure domain's ProgressBook.

Storage aggregates per (member, task) in SQL (covering index), so a book is built from at most
members × tasks rows whatever the ledger's size; the domain then rolls up in O(members + units).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import aiosqlite

from bot.domain.forecast import recent_since
from bot.domain.leave import Leave
from bot.domain.member_standing import member_standing
from bot.domain.model import Assignee, AssigneeKind, TaskType, Unit
from bot.domain.progress import ProgressBook, nearest_unit_in_tree
from bot.domain.standing import Standing
from bot.domain.tree import OrgTree
from bot.services.book_inputs import activity_of, away_of
from bot.services.clock import Clock
from bot.services.day_sums import KeptWindow
from bot.services.kept_book import KeptBooks
from bot.storage.campaigns import CampaignRecord, QuotaRepo
from bot.storage.db import Database
from bot.storage.leaves import LeaveRepo
from bot.storage.ledger import Aggregate, ReportRepo
from bot.storage.org import MemberRecord, MemberRepo, UnitRepo
from bot.views.acks import ack
from bot.views.names import display_name


@dataclass(frozen=True, slots=True)
class LoadedBook:
    record: CampaignRecord
    book: ProgressBook
    tree: OrgTree
    quotas: dict[tuple[Assignee, str], int]
    members: dict[str, MemberRecord]  # by member key
    by_id: dict[int, MemberRecord]
    # Members on leave on the book's day (campaign-local), each with the last day of that leave: no
    # reminder or nudge reaches them and no list names them behind (issue 11 §2).
    away: Mapping[str, date] = field(default_factory=dict)
    # The forecast's sums for the book's day, when the book was read from the day sums (read with it).
    window: KeptWindow | None = None

    def name(self, assignee: Assignee) -> str:
        return display_name(self.tree, assignee)

    def present(self, standings: Iterable[Standing]) -> tuple[list[Standing], list[tuple[str, date]]]:
        """A list of laggards split: those to name, and the members left out while on leave (name and
        the last day of their leave), which a leader reads as "请假至 12月15日" instead."""
        kept, away = [], []
        for s in standings:
            last = self.away.get(s.assignee.key) if s.assignee.kind is AssigneeKind.MEMBER else None
            if last is None:
                kept.append(s)
            else:
                away.append((self.name(s.assignee), last))
        return kept, away

    @property
    def ended(self) -> bool:
        """Past the final deadline: what is shown are final results, not what is still needed."""
        return self.book.at > self.record.campaign.end


@dataclass(frozen=True, slots=True)
class MemberReads:
    """The rows a one-member book is built from (ProgressService.member_reads)."""

    record: CampaignRecord
    member: MemberRecord
    units: list[Unit]
    quotas: dict[tuple[Assignee, str], int]
    aggregates: list[Aggregate]
    at: datetime
    leaves: tuple[Leave, ...] = ()


class ProgressService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.kept = KeptBooks()  # what whole books are read from, kept at the versions read at

    async def load(self, record: CampaignRecord, *, only_member: MemberRecord | None = None) -> LoadedBook:
        """Both totals are read; which one counts is the domain's rule (bot/domain/counting.py), the
        same for every view. `only_member`: a book of that one member (the acknowledgement of a report): its cost does
        not grow with the roster or the ledger, which keeps every report's reply fast."""
        now = self.clock()
        since = recent_since(record.campaign, now)  # the at-risk rule's recent window
        if only_member is not None:
            # Read from the latest commit, not the shared reader's snapshot: this is the standing an
            # acknowledgement shows, and it must count the report it acknowledges.
            async with self.db.latest() as conn:
                reads = await self.member_reads(conn, record, only_member)
            return self.member_book(reads, roll_up=True)
        # The frame and the sums in one read transaction: each kept one checked against the versions
        # this snapshot sees (bot/services/kept_book.py), so they agree with each other and with the file.
        async with self.db.snapshot() as conn:
            frame = await self.kept.frame(conn, record.id)
            read = await self.kept.sums(conn, record, now, since)
            records, tree = frame.records, frame.tree
            keys = {r.id: r.key for r in records}
            former: dict[str, str] = {}
            strangers = {a.member_id for a in read.aggregates} - keys.keys()  # reports by members off the roster
            if strangers:
                for r, code in await self._former(conn, record.id, tree, strangers):
                    keys[r.id], former[r.key] = r.key, code
        activity = self.kept.activity(record.id, read, keys, activity_of)
        roster = {r.id: r.key for r in records}
        leaves: dict[str, list[Leave]] = {}
        for row in frame.leaves:
            if row.member_id in roster:
                leaves.setdefault(roster[row.member_id], []).append(row.leave)
        now_away, dates = away_of(record.campaign, now, leaves)
        quotas, window, previous = frame.quotas, read.window, self.kept.book(record.id)
        book = ProgressBook(record.campaign, tree, quotas, activity, now, former=former, away=dates, previous=previous)
        self.kept.book(record.id, book)
        by_key, by_id = {r.key: r for r in records}, {r.id: r for r in records}
        return LoadedBook(record, book, tree, quotas, by_key, by_id, now_away, window)

    async def member_reads(
        self, conn: aiosqlite.Connection, record: CampaignRecord, member: MemberRecord
    ) -> MemberReads:
        """What one member's book is built from, read on `conn`: inside the report's own write
        transaction it counts the report being recorded, with no second turn at the write lock.
        A member's standing depends on their own counts and quotas only: the book needs just their
        chain of units, not a roll-up of the whole tree for every acknowledgement."""
        now = self.clock()
        # The three reads are queued together: the connection's thread runs them back to back
        # instead of waiting for the event loop between them.
        units, quotas, aggregates, leaves = await asyncio.gather(
            UnitRepo(conn).chain(record.id, member.member.unit_code),
            QuotaRepo(conn).for_assignee(record.id, Assignee.member(member.key)),
            ReportRepo(conn).aggregates(
                record.id,
                recent_since(record.campaign, now),
                member_id=member.id,
                steps=False,  # an acknowledgement's book ranks no one
            ),
            LeaveRepo(conn).of_member(record.id, member.id),
        )
        return MemberReads(record, member, units, quotas, aggregates, now, tuple(r.leave for r in leaves))

    @staticmethod
    def member_book(reads: MemberReads, *, roll_up: bool = False) -> LoadedBook:
        """The one-member book, built outside the transaction the reads were made in (so the write
        lock is not held for it, and a book that cannot be built never rolls a report back). Without
        `roll_up` it holds the member's standing only (an acknowledgement's): no unit's sums."""
        record, member = reads.record, reads.member
        tree = OrgTree.build(reads.units, [member.member])
        activity = activity_of(reads.aggregates, {member.id: member.key})
        now_away, dates = away_of(record.campaign, reads.at, {member.key: reads.leaves})
        book = ProgressBook(record.campaign, tree, reads.quotas, activity, reads.at, away=dates, roll_up=roll_up)
        return LoadedBook(record, book, tree, reads.quotas, {member.key: member}, {member.id: member}, now_away)

    @staticmethod
    def standing_of(reads: MemberReads) -> Standing:
        """The member's standing from `reads` — what member_book(reads) gives them — computed for them
        alone (bot/domain/member_standing.py): every acknowledgement shows one, and a book's tree, rows
        and caches cost more than the arithmetic (issue 8)."""
        record, member = reads.record, reads.member
        # As the book would: a member whose unit is not in the campaign's tree is refused alike.
        OrgTree.build(reads.units, [member.member])
        activity = activity_of(reads.aggregates, {member.id: member.key}).get(member.key)
        away = away_of(record.campaign, reads.at, {member.key: reads.leaves})[1] if reads.leaves else {}
        return member_standing(
            record.campaign, member.key, reads.quotas, activity, reads.at, away.get(member.key, frozenset())
        )

    async def member_standing(
        self, record: CampaignRecord, member: MemberRecord, reads: MemberReads | None = None
    ) -> Standing:
        """The member's standing as it is now: from `reads` (made in the report's own transaction)
        when given, else read afresh from the latest commit."""
        if reads is not None:
            return self.standing_of(reads)
        return (await self.load(record, only_member=member)).book.standing(Assignee.member(member.key))

    async def acknowledgement(
        self,
        lang: str,
        record: CampaignRecord,
        member: MemberRecord,
        items: Sequence[tuple[TaskType, int]],
        *,
        duplicate: bool,
        edited: bool,
        reads: MemberReads | None = None,
        work_date: date | None = None,
    ) -> str:
        """The acknowledgement of a committed report, with the member's standing as it is now (also what
        bot/chat/acks.py composes again for one left owed by a crash). `reads`: what the member's book is
        built from, read in the report's own transaction, so no second read is needed. Here, not in
        bot/views, because it reads: the text itself is bot/views/acks.py's, from domain values only."""
        standing = await self.member_standing(record, member, reads)
        return ack(lang, record.campaign, items, standing, duplicate=duplicate, edited=edited, work_date=work_date)

    @staticmethod
    async def _former(
        reader: aiosqlite.Connection, campaign_id: int, tree: OrgTree, reporters: set[int]
    ) -> list[tuple[MemberRecord, str]]:
        """Members removed from the roster who have reports, each with the unit their work counts in:
        their last unit, or its nearest ancestor still in the plan when that unit was dropped too.
        Left out when no unit on the way up is in the plan (a whole branch was dropped)."""
        removed = [r for r in await MemberRepo(reader).removed_from_campaign(campaign_id) if r.id in reporters]
        dropped_unit = any(not tree.has_unit(r.member.unit_code) for r in removed)
        parents = await UnitRepo(reader).parents() if dropped_unit else {}
        out = []
        for r in removed:
            code = nearest_unit_in_tree(r.member.unit_code, parents, tree)
            if code is not None:
                out.append((r, code))
        return out
