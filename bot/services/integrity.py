"""Integrity signals (issue 11 §4): the anomaly flags of reports in a leader's scope, for /verify,
the leaders' digests and the export. Flags are computed from the ledger when asked, never stored: a
threshold changed by a re-imported plan applies at once, and nothing is left to fall out of step.

Who may see them is the VERIFY action: the reports a leader may review are the ones whose flags
they see (never their own). The digest and the export read them as the system does, for the scope
they already show."""

from __future__ import annotations

import asyncio
import functools
import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import aiosqlite

from bot.domain.anomalies import DayTotal, Findings, evaluate
from bot.domain.errors import DomainError
from bot.domain.model import VerificationMode
from bot.domain.pending_flags import PendingJudge, first_past
from bot.domain.sampling import pick_sample
from bot.services.clock import Clock
from bot.services.day_sums import campaign_offset, keep_day_sums
from bot.services.directory import Actor
from bot.services.leader import LeaderService
from bot.services.progress import LoadedBook
from bot.services.verifying import PendingPage, page_of
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord
from bot.storage.day_sums import DaySumRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
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


async def judge_pending(conn: aiosqlite.Connection, loaded: LoadedBook, member_ids: Sequence[int] | None) -> Judged:
    """The flags of the pending reports of `member_ids` (None: everyone) — what /verify, /sample and
    digests show — from the campaign's grouped sums and the backlog alone (bot/domain/pending_flags.py):
    the same flags `judge` gives those reports, without reading every entry into Python. Only the
    reports' flags are filled, not the members' patterns."""
    record = loaded.record
    campaign, repo, offset = record.campaign, SignalRepo(conn), _offset(record)
    checkpoints = [m.due for m in campaign.milestones]
    pending = await repo.pending(record.id, member_ids, offset)
    if not pending:
        return Judged(Findings(), set())
    zone = await DaySumRepo(conn).zone(record.id)
    if zone is not None and zone.offset_seconds == offset:  # kept by the ledger's writes: members × days
        slices = await repo.kept_slices(record.id, offset, checkpoints, pending)
    else:
        slices = await repo.slices(record.id, offset, checkpoints)
    # Pure Python over the campaign's groups and the backlog (seconds at a million rows,
    # bench/anomalies.py): off the event loop, so other chats' replies are not held meanwhile.
    judging = await asyncio.to_thread(
        functools.partial(
            PendingJudge,
            slices,
            pending,
            campaign.anomalies,
            timezone=campaign.timezone,
            offset_seconds=offset,
            checkpoints=checkpoints,
            quotas=_member_quotas(loaded),
        )
    )
    crossings = await asyncio.to_thread(judging.crossings)
    entries = await repo.crossing(record.id, offset, crossings)
    found = {c: first_past(entries.get(c, ()), c.before, c.bound) for c in crossings}
    findings = await asyncio.to_thread(judging.findings, found)
    return Judged(findings, {e.id for e in pending})


async def reason_codes(conn: aiosqlite.Connection, loaded: LoadedBook, batch: int = 500) -> dict[int, tuple[str, ...]]:
    """Report id → its reasons' codes, every report of the campaign (the export's column). Judged
    `batch` members at a time against day totals read once, so memory follows the batch, not the
    ledger (the export streams a million rows in a few megabytes)."""
    repo = SignalRepo(conn)
    totals = await repo.day_totals(loaded.record.id, _offset(loaded.record))
    reporters = await repo.reporters(loaded.record.id)
    codes: dict[int, tuple[str, ...]] = {}
    for first in range(0, len(reporters), batch):
        judged = await judge(conn, loaded, reporters[first : first + batch], totals=totals)
        for report_id, flags in judged.findings.reports.items():
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


SAMPLE_MAX = 50  # a back-check is a handful to look at closely, not the whole backlog
SAMPLE_ACTION = "sample"


@dataclass(frozen=True, slots=True)
class Sample:
    """A back-check (/sample N): the audit entry that recorded the picks, how many were picked and
    how many of them flagged, and the page of those still pending."""

    audit_id: int
    picked: int
    flagged: int
    page: PendingPage


def _unpredictable() -> random.Random:
    return random.Random(secrets.randbits(64))


class IntegrityService:
    def __init__(
        self, db: Database, clock: Clock, leader: LeaderService, rng: Callable[[], random.Random] = _unpredictable
    ) -> None:
        self.db = db
        self.clock = clock
        self.leader = leader
        self.rng = rng  # a fresh random source per sample; tests pass a seeded one

    async def pending(
        self, actor: Actor, record: CampaignRecord, limit: int, unit: str | None = None, *, flagged_only: bool = False
    ) -> PendingPage:
        """/verify's page, each report with its flags; `flagged_only`: the flagged reports alone."""
        scope, ids = await self.leader.reviewable(actor, record, unit)
        await keep_day_sums(self.db, record)
        judged = await judge_pending(self.db.reader, scope.loaded, ids)
        flagged = judged.flagged_pending
        ledger = ReportRepo(self.db.reader)
        if flagged_only:
            rows = [r for r in [await ledger.get(i) for i in flagged[:limit]] if r is not None]
            total = len(flagged)
        else:
            rows = await ledger.pending(record.id, ids, limit)
            counts = await ledger.pending_counts(record.id)
            total = sum(counts.get(i, 0) for i in ids)
        flags = {r.id: judged.findings.of(r.id) for r in rows if judged.findings.of(r.id)}
        return page_of(
            scope.loaded, scope.unit_code, total, rows, flags=flags, flagged=len(flagged), flagged_only=flagged_only
        )

    async def scope_findings(self, actor: Actor, record: CampaignRecord, unit: str | None = None) -> Judged:
        """The flags on the reports in the actor's review scope (policy: VERIFY)."""
        scope, ids = await self.leader.reviewable(actor, record, unit)
        await keep_day_sums(self.db, record)
        return await judge_pending(self.db.reader, scope.loaded, ids)

    async def sample(
        self, actor: Actor, record: CampaignRecord, n: int, update_id: int, limit: int, unit: str | None = None
    ) -> Sample:
        """Pick `n` pending reports in the actor's review scope (policy: VERIFY — a sample is a way of
        choosing what to verify), weighted toward flagged ones (bot/domain/sampling.py), and record the
        picks in the audit log. Idempotent by the update: a redelivered /sample gives the same picks."""
        if not 1 <= n <= SAMPLE_MAX:
            raise DomainError("sample.bad_count", max=SAMPLE_MAX)
        scope, ids = await self.leader.reviewable(actor, record, unit)
        await keep_day_sums(self.db, record)
        judged = await judge_pending(self.db.reader, scope.loaded, ids)
        async with self.db.transaction() as conn:
            audit = AuditRepo(conn)
            earlier = await audit.find(SAMPLE_ACTION, record.id, update=update_id)
            if earlier is not None and earlier["actor_member_id"] == actor.member_id:
                audit_id = int(earlier["id"])
            else:
                flagged = judged.flagged_pending
                others = sorted(judged.pending - set(flagged))
                picks = pick_sample(flagged, others, n, self.rng())
                audit_id = await audit.record(
                    SAMPLE_ACTION,
                    self.clock(),
                    member_id=actor.member_id,
                    user_id=actor.user_id,
                    campaign_id=record.id,
                    update=update_id,
                    n=n,
                    unit=scope.unit_code,
                    reports=picks,
                    flagged=[i for i in picks if i in set(flagged)],
                )
        return await self.sample_page(actor, record, audit_id, limit)

    async def sample_page(self, actor: Actor, record: CampaignRecord, audit_id: int, limit: int) -> Sample:
        """A recorded sample's picks still pending (and still the actor's to review), with their flags."""
        scope, ids = await self.leader.reviewable(actor, record)
        entry = await AuditRepo(self.db.reader).get(audit_id)
        if entry is None or entry["action"] != SAMPLE_ACTION or entry["campaign_id"] != record.id:
            raise DomainError("callback.outdated")
        details = entry["details"]
        await keep_day_sums(self.db, record)
        judged = await judge_pending(self.db.reader, scope.loaded, ids)
        left = [i for i in details["reports"] if i in judged.pending]  # decided since, or out of scope now: gone
        ledger = ReportRepo(self.db.reader)
        rows = [r for r in [await ledger.get(i) for i in left[:limit]] if r is not None]
        flags = {r.id: judged.findings.of(r.id) for r in rows if judged.findings.of(r.id)}
        page = page_of(scope.loaded, "", len(left), rows, flags=flags)
        return Sample(audit_id, len(details["reports"]), len(details["flagged"]), page)
