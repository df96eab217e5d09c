"""The anomaly flags of the ledger's reports (issue 11 §4), read when asked: `judge` over every live
report of some members (the reference, by the rules over every entry), `judge_pending` over the pending
reports (/verify, /sample), `flagged_pending_per_member` (the leaders' digests) and `reason_codes` (the
export's column, bot/services/flag_codes.py). The last three read each member-task's judgement kept
since its last write (bot/domain/task_flags.py, migration v13): only member-tasks written since are
judged again, so a county's digest costs its stale member-tasks and its flagged ones, not the ledger.
Who may see flags is bot/services/integrity.py's concern."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import weakref
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.anomalies import Findings, Flag, evaluate
from bot.domain.live_entries import DayTotal, Entry
from bot.domain.model import AssigneeKind, VerificationMode
from bot.domain.peers import PeerCounts
from bot.domain.task_flags import TaskJudgement, judge_task
from bot.services.day_sums import campaign_offset
from bot.services.progress import LoadedBook
from bot.storage.db import Database
from bot.storage.signals import SignalRepo
from bot.storage.task_flags import Mark, TaskFlagRepo

BATCH = 200  # member-tasks per read and per save: each holds off reports for a moment only


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
        if assignee.kind is AssigneeKind.MEMBER and assignee.key in loaded.members:
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
    (`totals`, read here unless given): the reference the kept judgements agree with
    (tests/services/test_pending_flags.py)."""
    record = loaded.record
    campaign, repo, offset = record.campaign, SignalRepo(conn), _offset(record)
    entries, pending = await repo.entries(record.id, member_ids, offset)
    if totals is None:
        totals = await repo.day_totals(record.id, offset)
    # Pure Python over every entry read: off the event loop, so other chats' replies are not held.
    findings = await asyncio.to_thread(
        functools.partial(
            evaluate,
            entries,
            totals,
            campaign.anomalies,
            timezone=campaign.timezone,
            checkpoints=[m.due for m in campaign.milestones],
            quotas=_member_quotas(loaded),
        )
    )
    return Judged(findings, pending)


@dataclass(frozen=True, slots=True)
class _Rules:
    """What a member-task's judgement depends on beyond its own entries, as one fingerprint each."""

    loaded: LoadedBook
    base: str
    quotas: dict[tuple[int, str], int]

    @classmethod
    def of(cls, loaded: LoadedBook) -> _Rules:
        campaign = loaded.record.campaign
        dues = [int(m.due.timestamp()) for m in campaign.milestones]
        seen = repr((campaign.anomalies, dues, campaign.timezone, _offset(loaded.record)))
        return cls(loaded, hashlib.sha256(seen.encode()).hexdigest()[:16], _member_quotas(loaded))

    def of_task(self, member: int, task: str) -> str:
        return f"{self.base}:{self.quotas.get((member, task), 0)}"

    def judge(self, stale: Sequence[Mark], entries: Sequence[Entry], pending: set[int]) -> list[TaskJudgement]:
        campaign = self.loaded.record.campaign
        groups: dict[tuple[int, str], list[Entry]] = {}
        for e in entries:  # in the order sent
            groups.setdefault((e.member_id, e.task), []).append(e)
        zone, dues = ZoneInfo(campaign.timezone), [m.due for m in campaign.milestones]
        out = []
        for m in stale:
            group = groups.get((m.member_id, m.task))
            if not group:  # every entry rejected or undone: nothing to flag, no day to count
                out.append(TaskJudgement(m.member_id, m.task, (), {}))
                continue
            quota = self.quotas.get((m.member_id, m.task), 0)
            out.append(
                judge_task(group, pending, quota=quota, checkpoints=dues, thresholds=campaign.anomalies, zone=zone)
            )
        return out


_LOCKS: weakref.WeakKeyDictionary[Database, asyncio.Lock] = weakref.WeakKeyDictionary()


# Per database and campaign: the count of ledger writes and the rules at which a refresh last found every
# member-task judged. The count only grows (each write adds to its member-task's mark, no mark is ever
# removed) and a kept judgement is only ever replaced by one made at a later mark, so at the same count
# and rules nothing can be stale: a digest between two writes need not read every mark again.
_SETTLED: weakref.WeakKeyDictionary[Database, dict[int, tuple[int, str, dict[tuple[int, str], int]]]] = (
    weakref.WeakKeyDictionary()
)


def _stale(marks: Sequence[Mark], rules: _Rules) -> list[Mark]:
    return [m for m in marks if m.judged != m.version or m.rules != rules.of_task(m.member_id, m.task)]


async def refresh(db: Database, loaded: LoadedBook, rules: _Rules | None = None) -> None:
    """Judge again every member-task written (or whose rules changed) since its kept judgement: a few
    at a time, each batch read, judged off the event loop, and kept in a short write transaction.

    Write counts and entries are read in one snapshot (`db.snapshot()`): the shared reader may sit in
    an older one or move between two statements, and a judgement must never claim a count newer than
    the entries it was made from. A write meanwhile leaves its member-task stale again (its count moved
    on); a save never replaces a judgement made at a later count (another process may judge the same
    rows). Reading never holds off a report: only the short saves take the write lock. A batch is read
    while the one before it is judged: SQLite's thread and the judging thread overlap."""
    record, rules = loaded.record, rules or _Rules.of(loaded)  # `rules`: when the caller has them
    async with _LOCKS.setdefault(db, asyncio.Lock()):  # one refresh at a time: the second finds it done
        async with db.snapshot() as conn:
            writes = await TaskFlagRepo(conn).writes(record.id)
            settled = (writes, rules.base, rules.quotas)
            if _SETTLED.setdefault(db, {}).get(record.id) == settled:
                return
            stale = _stale(await TaskFlagRepo(conn).marks(record.id), rules)
        if not stale:
            _SETTLED[db][record.id] = settled
        batches = [stale[first : first + BATCH] for first in range(0, len(stale), BATCH)]
        offset, reading = _offset(record), None
        try:
            for n, batch in enumerate(batches):
                reading = reading or asyncio.ensure_future(_read(db, record.id, offset, batch))
                batch, entries, pending = await reading
                judging = asyncio.ensure_future(asyncio.to_thread(rules.judge, batch, entries, pending))
                # The next batch is read (SQLite's thread) while this one is judged (another thread).
                more = n + 1 < len(batches)
                reading = asyncio.ensure_future(_read(db, record.id, offset, batches[n + 1])) if more else None
                judged = await judging
                kept = [(j, m.version, rules.of_task(m.member_id, m.task)) for j, m in zip(judged, batch, strict=True)]
                async with db.transaction() as conn:
                    await TaskFlagRepo(conn).save(record.id, kept)
        finally:
            if reading is not None:
                reading.cancel()  # a batch read ahead of a failure


async def _read(
    db: Database, campaign_id: int, offset: int, batch: Sequence[Mark]
) -> tuple[list[Mark], list[Entry], set[int]]:
    """A batch's write counts again, with the entries they count, in one snapshot."""
    keys = [(m.member_id, m.task) for m in batch]
    async with db.snapshot() as conn:
        now = {(m.member_id, m.task): m for m in await TaskFlagRepo(conn).marks_of(campaign_id, keys)}
        entries, pending = await TaskFlagRepo(conn).entries(campaign_id, offset, keys)
    return [now.get((m.member_id, m.task), m) for m in batch], entries, pending


def _ceilings(
    loaded: LoadedBook, judged: Sequence[TaskJudgement], counts: dict[str, dict[int, int]]
) -> list[float | None]:
    """Each judgement's peers' ceiling (None where it has no candidate spike day)."""
    peers = {task: PeerCounts(c) for task, c in counts.items()}
    percentile = loaded.record.campaign.anomalies.spike_peer_percentile
    return [peers[j.task].percentile(j.days, percentile) if j.spikes and j.task in peers else None for j in judged]


# The last judgements per database and campaign, for one count of the ledger's writes: served again
# while no write has moved it, so a /verify page, its flagged view and the digests in between cost one
# read. A count moved by a write never comes back: no stale flags.
_HELD: weakref.WeakKeyDictionary[Database, dict[int, tuple[int, dict[Hashable, Judged]]]] = weakref.WeakKeyDictionary()


async def judge_pending(db: Database, loaded: LoadedBook, member_ids: Sequence[int] | None) -> Judged:
    """The flags of the pending reports of `member_ids` (None: everyone) — what /verify and /sample
    show — from the kept judgements: the same flags `judge` gives those reports. The write count, the
    kept judgements and the pending reports are read in one snapshot, after the judging was saved; the
    result is held for that count only when every member-task was judged at it."""
    record, rules = loaded.record, _Rules.of(loaded)
    async with db.snapshot() as conn:
        writes = await TaskFlagRepo(conn).writes(record.id)
    key = (None if member_ids is None else tuple(member_ids), rules.base, tuple(sorted(rules.quotas.items())))
    held = _HELD.setdefault(db, {}).get(record.id)
    if held is not None and held[0] == writes and key in held[1]:
        return held[1][key]
    await refresh(db, loaded, rules)
    async with db.snapshot() as conn:
        repo = TaskFlagRepo(conn)
        now = await repo.writes(record.id)
        judgements = await repo.judgements(record.id, member_ids)
        counts = await repo.peer_counts(record.id) if any(j.spikes for j in judgements) else {}
        settled = not _stale(await repo.marks(record.id), rules)
        pending = await SignalRepo(conn).pending(record.id, member_ids)
    reports: dict[int, tuple[Flag, ...]] = {}
    for j, ceiling in zip(judgements, _ceilings(loaded, judgements, counts), strict=True):
        reports.update(j.flags(ceiling))
    judged = Judged(Findings(reports, {}), pending)
    if settled:  # everything judged at `now`: a later ask at the same count may have it
        if held is None or held[0] != now:  # a new count: what was held is of the past
            held = _HELD[db][record.id] = (now, {})
        held[1][key] = judged
    return judged


async def flagged_pending_per_member(db: Database, loaded: LoadedBook) -> dict[int, int]:
    """Member id → their pending reports with a flag (the leaders' digests count these per scope): the
    kept counts, and the candidate spike days under today's ceilings."""
    if loaded.record.campaign.verification is VerificationMode.OFF:
        return {}
    await refresh(db, loaded)
    async with db.snapshot() as conn:
        counted, spiky = await TaskFlagRepo(conn).counts(loaded.record.id)
        peers = await TaskFlagRepo(conn).peer_counts(loaded.record.id) if spiky else {}
    for j, ceiling in zip(spiky, _ceilings(loaded, spiky, peers), strict=True):
        n = j.flagged_count(ceiling)
        if n:
            counted[j.member_id] = counted.get(j.member_id, 0) + n
    return {m: n for m, n in counted.items() if n}
