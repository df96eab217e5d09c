"""Use cases on the report ledger: submit, edit, undo (SPEC §3.2, §9).

Every write is one BEGIN IMMEDIATE transaction; the caller acknowledges only after this returns,
so an acknowledged report is committed. Idempotency comes from the ledger's unique indexes, not
from in-memory state, so it survives restarts and redeliveries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.errors import DomainError, InvalidInput
from bot.domain.model import ReportSource, ReportStatus, TaskType
from bot.domain.parser import ParsedItem
from bot.services.clock import Clock
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.ledger import Origin, ReportRepo, ReportRow
from bot.storage.org import MemberRecord, MemberRepo


class NeedsConfirmation(DomainError):
    """A count above the task's max_per_report: ask "are you sure?" before recording anything."""

    key = "report.confirm_large"


@dataclass(frozen=True, slots=True)
class Recorded:
    campaign: CampaignRecord
    member: MemberRecord
    items: tuple[tuple[TaskType, int], ...]
    duplicate: bool  # the same message was recorded before: nothing new was written


class ReportService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def _check(
        self, record: CampaignRecord, member: MemberRecord, items: Sequence[ParsedItem]
    ) -> list[tuple[TaskType, int]]:
        campaign, now = record.campaign, self.clock()
        if campaign.cancelled:
            raise DomainError("report.campaign_cancelled", campaign=campaign.name)
        if now < campaign.start:
            raise DomainError(
                "report.not_started", campaign=campaign.name, start=campaign.start.strftime("%Y-%m-%d %H:%M")
            )
        if now > campaign.end:
            raise DomainError("report.ended", campaign=campaign.name, end=campaign.end.strftime("%Y-%m-%d %H:%M"))
        if not await MemberRepo(self.db.reader).is_active(record.id, member.id):
            raise DomainError("report.not_in_campaign", campaign=campaign.name)
        resolved = []
        for item in items:
            task = campaign.task(item.task)
            if task is None:
                raise InvalidInput("report.unknown_task", task=item.task)
            if item.count <= 0:
                raise InvalidInput("parser.not_positive", count=item.count)
            resolved.append((task, item.count))
        return resolved

    async def submit(
        self,
        record: CampaignRecord,
        member: MemberRecord,
        items: Sequence[ParsedItem],
        origin: Origin,
        *,
        confirmed: bool = False,
    ) -> Recorded:
        resolved = await self._check(record, member, items)
        if not confirmed:
            _ask_if_large(resolved)
        now = self.clock()
        async with self.db.transaction() as conn:
            repo = ReportRepo(conn)
            ids = [await repo.append(record.id, member.id, t.key, n, origin, now) for t, n in resolved]
        return Recorded(record, member, tuple(resolved), duplicate=all(i is None for i in ids))

    async def replace_message(
        self,
        record: CampaignRecord,
        member: MemberRecord,
        items: Sequence[ParsedItem],
        chat_id: int,
        message_id: int,
        revision: int,
        *,
        confirmed: bool = False,
    ) -> Recorded:
        """An edited report message: correct what the message recorded before, record the new parse.
        The new revision's unique key makes a redelivered edit a no-op, so nothing counts twice."""
        resolved = await self._check(record, member, items)
        if not confirmed:
            _ask_if_large(resolved)
        now = self.clock()
        async with self.db.transaction() as conn:
            repo = ReportRepo(conn)
            latest = await repo.max_revision(chat_id, message_id)
            if latest is not None and latest >= revision:
                return Recorded(record, member, tuple(resolved), duplicate=True)
            for old in await repo.by_message(chat_id, message_id):
                if old.member_id != member.id:
                    continue
                fix = Origin(ReportSource.CORRECTION, chat_id, message_id, revision)
                await repo.append(record.id, member.id, old.task, -old.delta, fix, now, corrects=old)
            origin = Origin(ReportSource.TEXT, chat_id, message_id, revision)
            for task, n in resolved:
                await repo.append(record.id, member.id, task.key, n, origin, now)
        return Recorded(record, member, tuple(resolved), duplicate=False)

    async def undo(
        self, record: CampaignRecord, member: MemberRecord, chat_id: int | None, message_id: int | None
    ) -> list[ReportRow]:
        """Revert the member's last submission by correction entries, only while unverified."""
        async with self.db.transaction() as conn:
            repo = ReportRepo(conn)
            last = await repo.last_undoable(record.id, member.id)
            if not last:
                raise DomainError("undo.nothing")
            if any(r.status is ReportStatus.VERIFIED for r in last):
                raise DomainError("undo.already_verified")
            fix = Origin(ReportSource.CORRECTION, chat_id, message_id)
            for row in last:
                await repo.append(record.id, member.id, row.task, -row.delta, fix, self.clock(), corrects=row)
        return last


def _ask_if_large(resolved: Sequence[tuple[TaskType, int]]) -> None:
    """A count above the task's max_per_report is recorded only after "are you sure?"."""
    for task, count in resolved:
        if count > task.max_per_report:
            raise NeedsConfirmation(task=task.name, count=count, unit=task.unit, limit=task.max_per_report)
