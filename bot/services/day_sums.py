"""The ledger's day sums (bot/storage/day_sums.py) as the services use them: built for a campaign on
first use, or again when its zone's offset changed, in a write transaction of their own; read only when
taken at the offset the reader takes the local day at. Until built, readers take the ledger's own path,
so the sums are a way to the same numbers, never a second source of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.counting import Counted, counting_rule
from bot.domain.forecast import Sums, campaign_horizon
from bot.storage.campaigns import CampaignRecord
from bot.storage.codec import to_ts
from bot.storage.day_sums import DaySumRepo, Window
from bot.storage.db import Database
from bot.storage.ledger import Aggregate, ReportRepo


@dataclass(frozen=True, slots=True)
class KeptWindow:
    """The forecast's window sums per member id and task (DaySumRepo.window_sums) for `key`: its
    first day, today, verified entries only."""

    key: Window
    sums: dict[int, dict[str, Sums]]


def campaign_offset(record: CampaignRecord) -> int:
    """The campaign zone's UTC offset at its start, in seconds: where the anomaly rules take a report's
    local day (bot/storage/signals.py) and the day sums are kept."""
    start: datetime = record.campaign.start.astimezone(ZoneInfo(record.campaign.timezone))
    delta = start.utcoffset()
    return int(delta.total_seconds()) if delta else 0


def offset_at(zone: ZoneInfo, day: date) -> int:
    """The zone's UTC offset at `day`'s local midnight, in seconds."""
    offset = datetime.combine(day, time(), zone).utcoffset()
    return int(offset.total_seconds()) if offset else 0


async def keep_day_sums(db: Database, record: CampaignRecord) -> None:
    """Make sure the campaign's day sums exist at its offset: one read when they do; otherwise one
    grouped statement over its ledger (seconds at a million rows, once), after which every ledger write
    keeps them in its own transaction."""
    offset = campaign_offset(record)
    zone = await DaySumRepo(db.reader).zone(record.id)
    if zone is not None and zone.offset_seconds == offset:
        return
    async with db.transaction() as conn:
        repo = DaySumRepo(conn)
        zone = await repo.zone(record.id)  # another task may have built them meanwhile
        if zone is None or zone.offset_seconds != offset:
            await repo.build(record.id, offset)


async def backlog_counts(db: Database, record: CampaignRecord, before: datetime | None = None) -> dict[int, int]:
    """Per member, the reports awaiting review (sent before `before` when given): from the day sums the
    ledger's writes keep when they are taken at the campaign's offset (members × days, not every pending
    report: with nothing reviewed the backlog is the ledger), else from the ledger itself. Read in one
    snapshot, so the whole days and the day holding `before` agree."""
    offset = campaign_offset(record)
    async with db.snapshot() as conn:
        zone = await DaySumRepo(conn).zone(record.id)
        if zone is None or zone.offset_seconds != offset:
            return await ReportRepo(conn).pending_counts(record.id, before)
        return await DaySumRepo(conn).pending_counts(record.id, offset, None if before is None else to_ts(before))


async def backlogs(db: Database, record: CampaignRecord, before: datetime) -> tuple[dict[int, int], dict[int, int]]:
    """`backlog_counts` of everything and of what was sent before `before`, together: one pass over the
    day sums (a digest needs both), in one snapshot; else the ledger's two counts."""
    offset = campaign_offset(record)
    async with db.snapshot() as conn:
        zone = await DaySumRepo(conn).zone(record.id)
        if zone is None or zone.offset_seconds != offset:
            ledger = ReportRepo(conn)
            return await ledger.pending_counts(record.id), await ledger.pending_counts(record.id, before)
        return await DaySumRepo(conn).backlogs(record.id, offset, to_ts(before))


@dataclass(frozen=True, slots=True)
class BookKey:
    """What a campaign's book sums from the day sums depend on beside the ledger: the offset they are
    taken at, the recent window's start and the forecast's window (None: not read from the sums)."""

    offset: int
    since: datetime
    window: Window | None
    verified: bool  # the campaign's rule counts verified entries only (the moments a book reads)


def book_key(record: CampaignRecord, now: datetime, since: datetime) -> BookKey:
    campaign, offset = record.campaign, campaign_offset(record)
    span, zone_info = campaign_horizon(campaign, now), ZoneInfo(campaign.timezone)
    first = span.window_first or span.today
    key = (first, span.today, counting_rule(campaign.verification).counts is Counted.VERIFIED)
    same_days = all(offset_at(zone_info, day) == offset for day in (first, span.today))
    # The recent sums are the days from `since`'s on (storage/book_reads.py RECENT): the kept sums hold
    # them only while that day is at the offset they are kept at — after the clocks changed, the first
    # hour of each day sits in the day before there. Else the key's offset is that day's, which no kept
    # sums match, and the book reads the ledger's own path.
    since_day = since.astimezone(zone_info).date()
    offset = offset if offset_at(zone_info, since_day) == offset else offset_at(zone_info, since_day)
    return BookKey(offset, since, key if same_days else None, key[2])


async def book_sums(
    db: Database, record: CampaignRecord, now: datetime, since: datetime
) -> tuple[list[Aggregate], KeptWindow | None]:
    """The whole campaign's per member-task sums of a progress book, in a snapshot of their own
    (book_sums_in)."""
    async with db.snapshot() as conn:
        return await book_sums_in(conn, record, now, since)


async def book_sums_in(
    conn: aiosqlite.Connection, record: CampaignRecord, now: datetime, since: datetime
) -> tuple[list[Aggregate], KeptWindow | None]:
    """The whole campaign's per member-task sums of a progress book: from the day sums the ledger's
    writes keep when they are taken at the campaign's offset (members × days, not the ledger's rows),
    else from the ledger itself — the same numbers either way (tests/services/test_book_sums.py). From
    the sums, the forecast's window sums of `now`'s day come in the same pass (a digest needs both),
    when the forecast would read them there (ForecastService.sums). The sums are not built here: the
    digest's backlog and forecast build them on first use. `conn` is in a read transaction: the zone
    and the sums it vouches for agree."""
    key = book_key(record, now, since)
    zone = await DaySumRepo(conn).zone(record.id)
    if zone is not None and zone.offset_seconds == key.offset:
        found = await DaySumRepo(conn).book(record.id, key.offset, since, key.window, verified_only=key.verified)
        if found.window is None or key.window is None:
            return found.aggregates, None
        return found.aggregates, KeptWindow(key.window, found.window)
    return await ReportRepo(conn).aggregates(record.id, since, verified_only=key.verified), None
