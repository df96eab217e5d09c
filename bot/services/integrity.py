"""Integrity signals (issue 11 §4): the anomaly flags of reports in a leader's scope, for /verify,
the leaders' digests and the export. Each member-task's judgement is kept from its last write and judged
again when written or when its rules change (bot/services/flags.py): a threshold changed by a
re-imported plan applies at once, and a kept judgement never outlives the writes it was made from.

Who may see them is the VERIFY action: the reports a leader may review are the ones whose flags
they see (never their own). The digest and the export read them as the system does, for the scope
they already show."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.errors import DomainError
from bot.domain.model import VerificationMode
from bot.domain.sampling import pick_sample
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.day_sums import backlog_counts
from bot.services.directory import Actor
from bot.services.flag_codes import reason_codes  # re-exported too
from bot.services.flags import (  # re-exported: the export, the digests and the benches read flags here
    Judged,
    _offset,
    flagged_pending_per_member,
    judge,
    judge_pending,
    refresh,
)
from bot.services.leader import LeaderService
from bot.services.verifying import PendingPage, page_of
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.task_flags import TaskFlagRepo

SAMPLE_MAX = 50  # a back-check is a handful to look at closely, not the whole backlog
SAMPLE_ACTION = "sample"
# The scheduler judges each open campaign's written member-tasks this often between digests, so a
# digest has only the last few minutes' writes left to judge; every judging reads a roster's book.
KEEP_JUDGED_EVERY = timedelta(minutes=5)

__all__ = [
    "IntegrityService",
    "Judged",
    "Sample",
    "_offset",
    "flagged_pending_per_member",
    "judge",
    "judge_pending",
    "reason_codes",
]


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
        self.judged_at: dict[int, tuple[datetime, int]] = {}  # campaign → when kept judged, at which write count

    async def keep_judged(self, record: CampaignRecord) -> bool:
        """Judge again the member-tasks of an open campaign written since their kept judgement (the
        scheduler's tick calls this; a digest judges whatever is left itself): at most every
        KEEP_JUDGED_EVERY, and only when its ledger was written since. True when it judged."""
        campaign, now = record.campaign, self.clock()
        if campaign.verification is VerificationMode.OFF or campaign.cancelled or now > campaign.end:
            return False
        writes = await TaskFlagRepo(self.db.reader).writes(record.id)
        last = self.judged_at.get(record.id)
        if last is not None and (now - last[0] < KEEP_JUDGED_EVERY or last[1] == writes):
            return False
        await refresh(self.db, await self.leader.progress.load(record))
        self.judged_at[record.id] = (now, writes)
        return True

    async def pending(
        self, actor: Actor, record: CampaignRecord, limit: int, unit: str | None = None, *, flagged_only: bool = False
    ) -> PendingPage:
        """/verify's page, each report with its flags; `flagged_only`: the flagged reports alone."""
        scope, ids = await self.leader.reviewable(actor, record, unit)
        judged = await judge_pending(self.db, scope.loaded, ids)
        flagged = judged.flagged_pending
        ledger = ReportRepo(self.db.reader)
        if flagged_only:
            rows = [r for r in [await ledger.get(i) for i in flagged[:limit]] if r is not None]
            total = len(flagged)
        else:
            rows = await ledger.pending(record.id, ids, limit)
            counts = await backlog_counts(self.db, record)
            total = sum(counts.get(i, 0) for i in ids)
        flags = {r.id: judged.findings.of(r.id) for r in rows if judged.findings.of(r.id)}
        return page_of(
            scope.loaded, scope.unit_code, total, rows, flags=flags, flagged=len(flagged), flagged_only=flagged_only
        )

    async def scope_findings(self, actor: Actor, record: CampaignRecord, unit: str | None = None) -> Judged:
        """The flags on the reports in the actor's review scope (policy: VERIFY)."""
        scope, ids = await self.leader.reviewable(actor, record, unit)
        return await judge_pending(self.db, scope.loaded, ids)

    async def sample(
        self, actor: Actor, record: CampaignRecord, n: int, update_id: int, limit: int, unit: str | None = None
    ) -> Sample:
        """Pick `n` pending reports in the actor's review scope (policy: VERIFY — a sample is a way of
        choosing what to verify), weighted toward flagged ones (bot/domain/sampling.py), and record the
        picks in the audit log. Idempotent by the update: a redelivered /sample gives the same picks."""
        if not 1 <= n <= SAMPLE_MAX:
            raise DomainError("sample.bad_count", max=SAMPLE_MAX)
        scope, ids = await self.leader.reviewable(actor, record, unit)
        judged = await judge_pending(self.db, scope.loaded, ids)
        async with self.db.transaction() as conn:
            earlier = await AuditRepo(conn).find(SAMPLE_ACTION, record.id, update=update_id)
            if earlier is not None and earlier["actor_member_id"] == actor.member_id:
                audit_id = int(earlier["id"])
            else:
                flagged = judged.flagged_pending
                others = sorted(judged.pending - set(flagged))
                picks = pick_sample(flagged, others, n, self.rng())
                audit_id = await audit_action(
                    conn,
                    SAMPLE_ACTION,
                    self.clock(),
                    actor,
                    record.id,
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
        judged = await judge_pending(self.db, scope.loaded, ids)
        left = [i for i in details["reports"] if i in judged.pending]  # decided since, or out of scope now: gone
        ledger = ReportRepo(self.db.reader)
        rows = [r for r in [await ledger.get(i) for i in left[:limit]] if r is not None]
        flags = {r.id: judged.findings.of(r.id) for r in rows if judged.findings.of(r.id)}
        page = page_of(scope.loaded, "", len(left), rows, flags=flags)
        return Sample(audit_id, len(details["reports"]), len(details["flagged"]), page)
