"""Integrity signals (issue 11 §4): the anomaly flags of reports in a leader's scope, for /verify,
the leaders' digests and the export. Flags are computed from the ledger when asked, never stored: a
threshold changed by a re-imported plan applies at once, and nothing is left to fall out of step.

Who may see them is the VERIFY action: the reports a leader may review are the ones whose flags
they see (never their own). The digest and the export read them as the system does, for the scope
they already show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.anomalies import Findings, evaluate
from bot.domain.model import VerificationMode
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.leader import LeaderService
from bot.services.progress import LoadedBook
from bot.services.verifying import PendingPage, page_of
from bot.storage.campaigns import CampaignRecord
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


def _offset(record: CampaignRecord) -> int:
    """The campaign zone's UTC offset at its start, in seconds (see bot/storage/signals.py)."""
    start: datetime = record.campaign.start.astimezone(ZoneInfo(record.campaign.timezone))
    delta = start.utcoffset()
    return int(delta.total_seconds()) if delta else 0


async def judge(conn: aiosqlite.Connection, loaded: LoadedBook, member_ids: Sequence[int] | None) -> Judged:
    """Flags on the live reports of `member_ids` (None: everyone), against the whole campaign's days."""
    record = loaded.record
    campaign, repo, offset = record.campaign, SignalRepo(conn), _offset(record)
    entries, pending = await repo.entries(record.id, member_ids, offset)
    totals = await repo.day_totals(record.id, offset)
    quotas = {}
    for (assignee, task), quota in loaded.quotas.items():
        if assignee.kind.value == "member" and assignee.key in loaded.members:
            quotas[(loaded.members[assignee.key].id, task)] = quota
    findings = evaluate(
        entries,
        totals,
        campaign.anomalies,
        timezone=campaign.timezone,
        checkpoints=[m.due for m in campaign.milestones],
        quotas=quotas,
    )
    return Judged(findings, pending)


async def flagged_pending_per_member(conn: aiosqlite.Connection, loaded: LoadedBook) -> dict[int, int]:
    """Member id → their pending reports with a flag (the leaders' digests count these per scope)."""
    if loaded.record.campaign.verification is VerificationMode.OFF:
        return {}
    judged = await judge(conn, loaded, None)
    counts: dict[int, int] = {}
    for report_id in judged.flagged_pending:
        (flag, *_) = judged.findings.of(report_id)
        counts[flag.member_id] = counts.get(flag.member_id, 0) + 1
    return counts


class IntegrityService:
    def __init__(self, db: Database, clock: Clock, leader: LeaderService) -> None:
        self.db = db
        self.clock = clock
        self.leader = leader

    async def pending(
        self, actor: Actor, record: CampaignRecord, limit: int, unit: str | None = None, *, flagged_only: bool = False
    ) -> PendingPage:
        """/verify's page, each report with its flags; `flagged_only`: the flagged reports alone."""
        scope, ids = await self.leader.reviewable(actor, record, unit)
        judged = await judge(self.db.reader, scope.loaded, ids)
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
        return await judge(self.db.reader, scope.loaded, ids)
