"""What a campaign's whole progress book is read from, kept in process between loads (issue 11: a county's
digest well under a second) and never served without a check made in the read transaction the rest of the
book is read in:

- the frame — the campaign's units, roster, quotas and leaves, and the tree built from them — at the roster
  version (migration v14: triggers move it in every transaction that writes any of those tables, whichever
  process writes);
- the book's sums per member-task, with the counted steps the ranking's tie-break is found on
  (bot/services/day_sums.py book_sums_in, bot/storage/book_reads.py counted_steps) at the ledger's version and at
  each member-task's mark (migration v13's task_marks: moved in every transaction that writes one of its
  ledger rows). The ledger's version unmoved: nothing was written, the kept sums are served as they are;
  else only the members with a moved mark are read again. A new day (the recent window's start, the
  forecast's window) or another offset reads everything again.

Restoring a backup is done with the bot stopped (README), so a process never outlives the file it kept from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from bot.domain.forecast import Sums
from bot.domain.model import Assignee, Unit
from bot.domain.progress import MemberActivity, ProgressBook
from bot.domain.tree import OrgTree
from bot.services.day_sums import BookKey, KeptWindow, book_key, book_sums_in
from bot.storage.campaigns import CampaignRecord, QuotaRepo
from bot.storage.day_sum_parts import DaySumParts
from bot.storage.day_sums import DaySumRepo
from bot.storage.leaves import LeaveRepo, LeaveRow
from bot.storage.ledger import Aggregate
from bot.storage.org import MemberRecord, MemberRepo, UnitRepo, roster_version

Activity = Callable[[Iterable[Aggregate], dict[int, str]], dict[str, MemberActivity]]

# Above this share of the campaign's member-tasks moved, one whole pass is cheaper than picking them out.
WHOLE_PASS_SHARE = 0.25
# Campaigns whose books are kept: the ones loaded last. A bot runs for months over many campaigns, and each
# kept book is a whole roster's sums; one no longer kept is read afresh at its next load.
MAX_KEPT = 8


@dataclass(frozen=True, slots=True)
class Frame:
    """A campaign's units, active roster, quotas and leaves as read at roster version `version`."""

    version: int
    units: list[Unit]
    records: list[MemberRecord]
    quotas: dict[tuple[Assignee, str], int]
    leaves: list[LeaveRow]
    tree: OrgTree


@dataclass(slots=True)
class _Sums:
    key: BookKey
    ledger: int  # the day sums' zone version: grows with every write to the campaign's ledger
    marks: dict[tuple[int, str], int]
    aggregates: dict[tuple[int, str], Aggregate]
    window: KeptWindow | None
    by_member: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    serial: int = 0  # which read of the process this is (BookRead)


@dataclass(frozen=True, slots=True)
class BookRead:
    """A book's sums (book_sums_in's), numbered `serial`; `moved`: the only members whose sums may differ
    from those of the read numbered `after` (None: any may; empty: none)."""

    aggregates: list[Aggregate]
    window: KeptWindow | None
    serial: int
    after: int | None
    moved: frozenset[int] | None


async def read_frame(conn: aiosqlite.Connection, campaign_id: int, version: int) -> Frame:
    units = await UnitRepo(conn).for_campaign(campaign_id)
    records = await MemberRepo(conn).for_campaign(campaign_id)
    quotas = await QuotaRepo(conn).for_campaign(campaign_id)
    leaves = await LeaveRepo(conn).for_campaign(campaign_id)
    return Frame(version, units, records, quotas, leaves, OrgTree.build(units, [r.member for r in records]))


class KeptBooks:
    """Per campaign, the last frame and book sums read, each with the versions it was read at."""

    def __init__(self) -> None:
        self._frames: dict[int, Frame] = {}
        self._sums: dict[int, _Sums] = {}
        self._serial = 0
        self._activity: dict[int, tuple[int, dict[int, str], dict[str, MemberActivity]]] = {}
        self._books: dict[int, ProgressBook] = {}
        self._loaded: dict[int, None] = {}  # campaigns kept, least recently loaded first

    def campaigns(self) -> list[int]:
        """The campaigns kept, least recently loaded first."""
        return list(self._loaded)

    def _loading(self, campaign_id: int) -> None:
        """A load begins (with its frame): the campaign goes last, and the one loaded longest ago beyond
        MAX_KEPT is forgotten, whatever of it was kept."""
        self._loaded.pop(campaign_id, None)
        self._loaded[campaign_id] = None
        while len(self._loaded) > MAX_KEPT:
            gone = next(iter(self._loaded))
            del self._loaded[gone]
            for kept in (self._frames, self._sums, self._activity, self._books):
                kept.pop(gone, None)

    async def frame(self, conn: aiosqlite.Connection, campaign_id: int) -> Frame:
        """The campaign's frame at the roster version `conn`'s read transaction sees."""
        self._loading(campaign_id)
        version = await roster_version(conn)
        kept = self._frames.get(campaign_id)
        if kept is None or kept.version != version:
            kept = self._frames[campaign_id] = await read_frame(conn, campaign_id, version)
        return kept

    async def sums(
        self, conn: aiosqlite.Connection, record: CampaignRecord, now: datetime, since: datetime
    ) -> BookRead:
        """What book_sums_in gives on `conn` (in a read transaction), from the kept sums where their
        member-tasks' marks have not moved; with the members read again since the read numbered
        `BookRead.after`."""
        key, repo = book_key(record, now, since), DaySumRepo(conn)
        zone = await repo.zone(record.id)
        kept = self._sums.get(record.id)
        after = None if kept is None else kept.serial
        self._serial += 1
        if zone is None or zone.offset_seconds != key.offset:  # the ledger's own path: nothing kept
            self._sums.pop(record.id, None)
            aggregates, window = await book_sums_in(conn, record, now, since)
            return BookRead(aggregates, window, self._serial, None, None)
        if kept is not None and kept.key == key and kept.ledger == zone.version:
            return BookRead(list(kept.aggregates.values()), kept.window, kept.serial, after, frozenset())
        marks = await DaySumParts(conn).marks(record.id)
        moved = None if kept is None or kept.key != key else moved_since(kept.marks, marks)
        members: frozenset[int] | None = None
        if kept is None or moved is None or len(moved) > WHOLE_PASS_SHARE * max(1, len(marks)):
            found = await repo.book(record.id, key.offset, since, key.window, verified_only=key.verified)
            kept = _Sums(key, zone.version, marks, {}, None)
            _put(kept, found.aggregates, found.window, set(), key)
        else:
            members = frozenset(m for m, _ in moved)
            found = await repo.book(
                record.id, key.offset, since, key.window, sorted(members), verified_only=key.verified
            )
            kept.ledger, kept.marks = zone.version, marks
            _put(kept, found.aggregates, found.window, set(members), key)
        kept.serial = self._serial
        self._sums[record.id] = kept
        return BookRead(list(kept.aggregates.values()), kept.window, kept.serial, after, members)

    def activity(
        self, campaign_id: int, read: BookRead, keys: dict[int, str], build: Activity
    ) -> dict[str, MemberActivity]:
        """`build(read.aggregates, keys)`, built again only for the members `read` moved when the kept
        one was built from the read it moved them since, with the same member keys."""
        kept = self._activity.get(campaign_id)
        if kept is not None and read.moved is not None and read.after == kept[0] and kept[1] == keys:
            touched = {keys[m] for m in read.moved if m in keys}
            activity = {k: a for k, a in kept[2].items() if k not in touched}
            activity |= build([a for a in read.aggregates if keys.get(a.member_id) in touched], keys)
        else:
            activity = build(read.aggregates, keys)
        self._activity[campaign_id] = (read.serial, keys, activity)
        return activity

    def book(self, campaign_id: int, book: ProgressBook | None = None) -> ProgressBook | None:
        """The campaign's last whole book (ProgressBook reuses its members' rows where nothing moved);
        with `book`, keep that one instead."""
        if book is not None:
            self._books[campaign_id] = book
        return self._books.get(campaign_id)


def moved_since(kept: dict[tuple[int, str], int], now: dict[tuple[int, str], int]) -> set[tuple[int, str]]:
    """The member-tasks whose mark moved, appeared or went since `kept`."""
    return {k for k, v in now.items() if kept.get(k) != v} | (kept.keys() - now.keys())


def _put(
    kept: _Sums,
    aggregates: list[Aggregate],
    window: dict[int, dict[str, Sums]] | None,
    members: set[int],
    key: BookKey,
) -> None:
    """Replace every kept sum of `members` with `aggregates` and `window`, read for those members only
    (for every member when `kept` holds nothing yet). A window handed out before is never changed: a
    book loaded earlier may still be in use."""
    for m in members:
        for k in kept.by_member.pop(m, ()):
            del kept.aggregates[k]
    for a in aggregates:
        k = (a.member_id, a.task)
        kept.aggregates[k] = a
        kept.by_member.setdefault(a.member_id, []).append(k)
    if key.window is None or window is None:
        kept.window = None
    else:
        sums = {m: s for m, s in kept.window.sums.items() if m not in members} if kept.window is not None else {}
        kept.window = KeptWindow(key.window, sums | window)
