"""The anomaly flags of the ledger's reports (issue 11 §4), read when asked: `judge` over every live
report of some members (the export's column, and the reference the fast path agrees with), and
`judge_pending` over the pending reports alone (/verify, /sample, the leaders' digests). Who may see
them is bot/services/integrity.py's concern."""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import aiosqlite

from bot.domain.anomalies import DayTotal, Entry, Findings, evaluate
from bot.domain.model import VerificationMode
from bot.domain.pending_flags import PendingJudge, TaskDays, first_past
from bot.services.day_sums import campaign_offset, keep_day_sums
from bot.services.progress import LoadedBook
from bot.storage.day_sums import DaySumRepo
from bot.storage.db import Database
from bot.storage.kept_signals import KeptSignalRepo
from bot.storage.signals import SignalRepo


@dataclass(frozen=True, slots=True)
class Judged:
    """The findings over some members' live reports, and which of those reports await review."""

    findings: Findings
    pending: set[int]

    @property
    def flagged_pending(self) -> list[int]:
        return sorted(i for i in self.pending if self.findings.of(i))


_offset = campaign_offset  # the campaign's offset at its start (bot/services/day_sums.py)


def _member_quotas(loaded: LoadedBook) -> dict[tuple[int, str], int]:
    quotas = {}
    for (assignee, task), quota in loaded.quotas.items():
        if assignee.kind.value == "member" and assignee.key in loaded.members:
            quotas[(loaded.members[assignee.key].id, task)] = quota
    return quotas


async def judge(
    conn: aiosqlite.Connection,
    loaded: LoadedBook,
    member_ids: Sequence[int] | None,
    *,
    totals: Sequence[DayTotal] | None = None,
) -> Judged:
    """Flags on every live report of `member_ids` (None: everyone), against the whole campaign's days
    (`totals`, read here unless given): the export's column, and the reference judge_pending agrees
    with (tests/services/test_pending_flags.py)."""
    record = loaded.record
    campaign, repo, offset = record.campaign, SignalRepo(conn), _offset(record)
    entries, pending = await repo.entries(record.id, member_ids, offset)
    if totals is None:
        totals = await repo.day_totals(record.id, offset)
    quotas = _member_quotas(loaded)
    # The rules are pure Python over every entry read: off the event loop, so a county's evaluation
    # (seconds at a million rows, bench/anomalies.py) does not hold every other chat's reply.
    findings = await asyncio.to_thread(
        functools.partial(
            evaluate,
            entries,
            totals,
            campaign.anomalies,
            timezone=campaign.timezone,
            checkpoints=[m.due for m in campaign.milestones],
            quotas=quotas,
        )
    )
    return Judged(findings, pending)


# The last judgements per reading connection and campaign, for one ledger version: served again while
# no write has bumped it (bot/storage/migration_v12.py), so a /verify page, its flagged view and the
# digests in between cost one read. A version bumped by a write never comes back: no stale flags.
_HELD: weakref.WeakKeyDictionary[aiosqlite.Connection, dict[int, tuple[int, dict[Hashable, Judged]]]] = (
    weakref.WeakKeyDictionary()
)


async def judge_pending(conn: aiosqlite.Connection, loaded: LoadedBook, member_ids: Sequence[int] | None) -> Judged:
    """The flags of the pending reports of `member_ids` (None: everyone) — what /verify, /sample and
    digests show — from the campaign's grouped sums and the backlog alone (bot/domain/pending_flags.py):
    the same flags `judge` gives those reports, without reading every entry into Python. Only the
    reports' flags are filled, not the members' patterns."""
    record = loaded.record
    campaign, repo, offset = record.campaign, SignalRepo(conn), _offset(record)
    checkpoints = [m.due for m in campaign.milestones]
    quotas = _member_quotas(loaded)
    zone = await DaySumRepo(conn).zone(record.id)  # read first: what follows is of this version or later
    kept = zone is not None and zone.offset_seconds == offset  # kept by the ledger's writes: members × days
    key = (
        None if member_ids is None else tuple(member_ids),
        campaign.anomalies,
        campaign.timezone,
        tuple(checkpoints),
        tuple(sorted(quotas.items())),
    )
    held = _HELD.setdefault(conn, {}).get(record.id)
    if kept and zone is not None and held is not None and held[0] == zone.version and key in held[1]:
        return held[1][key]
    pending = await repo.pending(record.id, member_ids, offset)
    if not pending:
        judged = Judged(Findings(), set())
    else:
        judged = Judged(await _findings(conn, loaded, pending, member_ids, kept=kept), {e.id for e in pending})
    if kept and zone is not None:
        if held is None or held[0] != zone.version:  # a new version: what was held is of the past
            held = _HELD[conn][record.id] = (zone.version, {})
        held[1][key] = judged
    return judged


async def _findings(
    conn: aiosqlite.Connection,
    loaded: LoadedBook,
    judged: Sequence[Entry],
    member_ids: Sequence[int] | None,
    *,
    kept: bool,
    peers: dict[str, list[int]] | None = None,
) -> Findings:
    """The flags of the live entries `judged` (of `member_ids`; None: everyone's) by PendingJudge, from
    the day sums the ledger's writes keep (`kept`) or the ledger's own grouping. `peers`: every
    member's day totals per task, when already read."""
    record = loaded.record
    campaign, repo, offset = record.campaign, SignalRepo(conn), _offset(record)
    checkpoints = [m.due for m in campaign.milestones]
    summed: list[TaskDays] = []
    if kept:
        summed, slices, read = await KeptSignalRepo(conn).kept(
            record.id, offset, checkpoints, judged, member_ids, peers is None
        )
        peers = peers if peers is not None else read
    else:
        slices = await repo.slices(record.id, offset, checkpoints)
    # Pure Python over the campaign's groups and the backlog (a second or more at a million rows,
    # bench/anomalies.py): off the event loop, so other chats' replies are not held meanwhile.
    judging = await asyncio.to_thread(
        functools.partial(
            PendingJudge,
            slices,
            judged,
            campaign.anomalies,
            timezone=campaign.timezone,
            offset_seconds=offset,
            checkpoints=checkpoints,
            quotas=_member_quotas(loaded),
            summed=summed,
            peers=peers,
        )
    )
    crossings = await asyncio.to_thread(judging.crossings)
    entries = await repo.crossing(record.id, offset, crossings)
    found = {c: first_past(entries.get(c, ()), c.before, c.bound) for c in crossings}
    return await asyncio.to_thread(judging.findings, found)


async def reason_codes(conn: aiosqlite.Connection, loaded: LoadedBook, batch: int = 500) -> dict[int, tuple[str, ...]]:
    """Report id → its reasons' codes, every report of the campaign (the export's column). Judged
    `batch` members at a time against day totals read once, so memory follows the batch, not the
    ledger (the export streams a million rows in a few megabytes)."""
    repo, record, offset = SignalRepo(conn), loaded.record, _offset(loaded.record)
    zone = await DaySumRepo(conn).zone(record.id)
    kept = zone is not None and zone.offset_seconds == offset
    # Kept day sums: each batch's live entries judged by PendingJudge (the same flags as `judge`'s, as
    # for pending ones) against the peers read once; else `judge` against day totals read once.
    peers = await DaySumRepo(conn).peer_days(record.id) if kept else None
    totals = None if kept else await repo.day_totals(record.id, offset)
    reporters = await repo.reporters(record.id)
    codes: dict[int, tuple[str, ...]] = {}
    for first in range(0, len(reporters), batch):
        members = reporters[first : first + batch]
        if kept:
            entries, _ = await repo.entries(record.id, members, offset)
            findings = await _findings(conn, loaded, entries, members, kept=True, peers=peers)
        else:
            findings = (await judge(conn, loaded, members, totals=totals)).findings
        for report_id, flags in findings.reports.items():
            codes[report_id] = tuple(dict.fromkeys(f.reason.value for f in flags))
    return codes


async def flagged_pending_per_member(db: Database, loaded: LoadedBook) -> dict[int, int]:
    """Member id → their pending reports with a flag (the leaders' digests count these per scope)."""
    if loaded.record.campaign.verification is VerificationMode.OFF:
        return {}
    await keep_day_sums(db, loaded.record)
    judged = await judge_pending(db.reader, loaded, None)
    counts: dict[int, int] = {}
    for report_id in judged.flagged_pending:
        (flag, *_) = judged.findings.of(report_id)
        counts[flag.member_id] = counts.get(flag.member_id, 0) + 1
    return counts
