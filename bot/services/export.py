"""Use case: the campaign workbook for `/export` and `campaign-bot export`."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.checkpoint import units_met
from bot.domain.model import Assignee, AssigneeKind, VerificationMode
from bot.domain.ranking import rank
from bot.domain.tree import OrgTree
from bot.domain.warnings import WarningLevel
from bot.render.workbook import ExportData, LedgerRow, MilestoneRow, ProgressRow, build_workbook
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.forecast import ForecastService
from bot.services.integrity import reason_codes
from bot.services.progress import LoadedBook, ProgressService
from bot.services.reconcile import check_rows_in
from bot.services.warnings import WarningService
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord
from bot.storage.checkpoints import CheckpointRepo, StoredCheckpoint
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo, ReportRow
from bot.storage.org import MemberRecord, MemberRepo, UnitRepo
from bot.texts import t
from bot.views.dates import moment
from bot.views.numbers import counting_legend, fraction, whole_pct

BATCH = 5000  # ledger rows handed to the workbook's thread at a time: what the export holds in memory


def row_day(row: ReportRow, tz: ZoneInfo) -> date:
    """The day a ledger row counts for on the daily sheet: the day the member said the work was done
    (昨天…), else the day it was recorded, in the campaign's time zone (a report at 23:30 in Shanghai is
    that day's work, not the next UTC day's)."""
    return row.work_date or row.created_at.astimezone(tz).date()


@dataclass(frozen=True, slots=True)
class _Names:
    """What the ledger shows instead of ids and keys."""

    members: dict[int, tuple[str, str]]  # member id → (name, unit code), everyone of the campaign
    in_scope: set[int]  # the member ids whose reports are exported
    units: dict[str, str]  # unit code → name
    tasks: dict[str, str]  # task key → name


async def _ledger(
    reports: AsyncIterator[ReportRow],
    names: _Names,
    scoped: bool,
    tz: ZoneInfo,
    members: MemberRepo,
    flags: Mapping[int, tuple[str, ...]] | None = None,
) -> AsyncIterator[LedgerRow]:
    approvers: dict[int, str] = {}  # looked up once each: a decider may be outside the campaign's roster

    async def approver(member_id: int) -> str:
        if member_id in names.members:
            return names.members[member_id][0]
        if member_id not in approvers:
            found = await members.get(member_id)
            approvers[member_id] = found.member.name if found else str(member_id)
        return approvers[member_id]

    async for r in reports:
        if scoped and r.member_id not in names.in_scope:
            continue  # a report from outside the leader's subtree
        member, unit = names.members.get(r.member_id, (str(r.member_id), ""))
        verifier = await approver(r.verified_by) if r.verified_by is not None else ""
        yield LedgerRow(
            r.id, r.created_at, row_day(r, tz), member, names.units.get(unit, unit), names.tasks.get(r.task, r.task),
            r.delta, r.source.value, r.status.value, verifier, r.corrects_id, unit, r.task,
            # A proxy entry names the leader who typed it, even from outside the exported scope.
            await approver(r.entered_by) if r.entered_by is not None else "",
            (flags or {}).get(r.id, ()),
        )  # fmt: skip


def _pending(tree: OrgTree, everyone: list[MemberRecord], counts: dict[int, int]) -> dict[Assignee, int]:
    """Reports awaiting verification per member, and per unit for everyone in it and below (a removed
    member's in the unit they were last in, while it is in the plan)."""
    out: dict[Assignee, int] = {}
    for r in everyone:
        count = counts.get(r.id, 0)
        if not count or not tree.has_unit(r.member.unit_code):
            continue
        out[Assignee.member(r.member.key)] = count
        for code in [r.member.unit_code, *tree.ancestors(r.member.unit_code)]:
            out[Assignee.unit(code)] = out.get(Assignee.unit(code), 0) + count
    return out


def _in_thread(rows: AsyncIterator[LedgerRow], loop: asyncio.AbstractEventLoop) -> Iterator[LedgerRow]:
    """The ledger for the worker thread that writes the workbook: each batch is read on the event
    loop (the database's home) while the thread waits, so at most one batch is in memory. Nothing
    needs closing if the thread stops early: ReportRepo.iterate keeps no cursor open between batches."""

    async def batch() -> list[LedgerRow]:
        taken: list[LedgerRow] = []
        async for row in rows:
            taken.append(row)
            if len(taken) == BATCH:
                break
        return taken

    while taken := asyncio.run_coroutine_threadsafe(batch(), loop).result():
        yield from taken


def _with_warnings(data: ExportData, levels: Mapping[str, WarningLevel], lang: str) -> ExportData:
    """The members' rows with their warning level as the last column (empty below yellow)."""

    def level(key: str | None) -> str:
        found = levels.get(key or "", WarningLevel.NONE)
        return "" if found is WarningLevel.NONE else t(lang, f"warnings.level_{found.word}")

    members = [dataclasses.replace(r, extra=(*r.extra, level(r.code))) for r in data.members]
    return dataclasses.replace(data, members=members, warnings=True)


class ExportService:
    def __init__(self, db: Database, clock: Clock, progress: ProgressService | None = None) -> None:
        self.db = db
        self.clock = clock
        self.progress = progress or ProgressService(db, clock)
        self.forecast = ForecastService(db, clock)

    async def workbook(
        self, record: CampaignRecord, lang: str, scope_unit: str | None = None, *, exported_by: Actor | None = None
    ) -> bytes:
        """The whole campaign, or only the subtree of `scope_unit` (what a leader of it may see).
        `exported_by`: a leader's /export, which the audit log records (data left the bot)."""
        loaded = await self.progress.load(record)
        tops = [scope_unit] if scope_unit else [u.code for u in loaded.tree.roots()]
        codes = [c for top in tops for c in loaded.tree.subtree_unit_codes(top)]
        everyone = await MemberRepo(self.db.reader).for_campaign(record.id, active_only=False)
        units = await UnitRepo(self.db.reader).all()  # removed members' reports are exported too, in their last unit
        names = _Names(
            {r.id: (r.member.name, r.member.unit_code) for r in everyone},
            {r.id for r in everyone if r.member.unit_code in set(codes)},
            {code: unit.name for code, unit in units.items()},
            {task.key: task.name for task in record.campaign.tasks},
        )
        pending = await ReportRepo(self.db.reader).pending_counts(record.id)
        reports = ReportRepo(self.db.reader).iterate(record.id, BATCH)
        zone = ZoneInfo(record.campaign.timezone)
        flags = await reason_codes(self.db.reader, loaded)
        rows = _ledger(reports, names, scope_unit is not None, zone, MemberRepo(self.db.reader), flags)
        ledger = _in_thread(rows, asyncio.get_running_loop())
        waiting = _pending(loaded.tree, everyone, pending)
        judged = await CheckpointRepo(self.db.reader).results(record.id)
        data = self._data(record, loaded, lang, tops, codes, ledger, waiting, judged)
        if record.campaign.warnings is not None:  # each member's graduated warning level (issue 11 §5)
            data = _with_warnings(
                data, await WarningService(self.db, self.clock).levels(record, loaded.book.away), lang
            )
        data = replace(data, checks=await check_rows_in(self.db.reader, record, loaded, codes))
        data = replace(data, forecasts=await self.forecast.rows(loaded, codes))
        workbook = await asyncio.to_thread(build_workbook, data)
        if exported_by is not None:  # only once the workbook exists: a failed export exported nothing
            async with self.db.transaction() as conn:
                await AuditRepo(conn).record(
                    "export",
                    self.clock(),
                    member_id=exported_by.member_id,
                    user_id=exported_by.user_id,
                    campaign_id=record.id,
                    units=tops,
                )
        return workbook

    def _data(
        self,
        record: CampaignRecord,
        loaded: LoadedBook,
        lang: str,
        tops: list[str],
        codes: list[str],
        ledger: Iterator[LedgerRow],
        pending: dict[Assignee, int],
        judged: Mapping[int, StoredCheckpoint],
    ) -> ExportData:
        campaign, book, tree, now = record.campaign, loaded.book, loaded.tree, self.clock()
        ranks: dict[Assignee, int] = {}
        for unit in tree.units():
            for row in rank([s for s in book.children(unit.code) if s.assignee.kind is AssigneeKind.UNIT]):
                ranks[row.standing.assignee] = row.rank
        for row in rank([book.standing(Assignee.unit(code)) for code in tops]):
            ranks[row.standing.assignee] = row.rank

        def progress_row(a: Assignee, name: str, extra: tuple[object, ...]) -> ProgressRow:
            s = book.standing(a)
            done = {ts.task: ts.done for ts in s.tasks}
            quota = {ts.task: ts.quota for ts in s.tasks}
            return ProgressRow(
                a.key,
                name,
                extra,
                done,
                quota,
                s.completion,
                s.expected,
                t(lang, f"status.{s.status.value}"),
                ranks.get(a),
                pending.get(a, 0),
                a.kind is AssigneeKind.MEMBER or a.key in tops,  # the top units' rows already hold the rest
                s.raw_reported,
                s.raw_verified,
            )

        def unit_name(code: str | None) -> str:
            return tree.unit(code).name if code is not None and tree.has_unit(code) else ""

        units = [
            progress_row(Assignee.unit(c), tree.unit(c).name, (tree.unit(c).level, unit_name(tree.unit(c).parent_code)))
            for c in codes
        ]
        members = [
            progress_row(
                Assignee.member(m.key),
                m.name,
                (unit_name(m.unit_code), t(lang, f"export.role_{m.role.value}"), m.telegram_user_id is not None),
            )
            for m in tree.members()
            if m.unit_code in set(codes)
        ]
        milestones = []
        for m in campaign.milestones:
            stored = judged.get(m.percent)
            if m.due <= now and stored is not None and stored.due_at == m.due:
                met, total = units_met(stored.results, codes)  # as the checkpoint judged it, not today
            else:  # open, or closed while no checkpoint ran at this due (e.g. an older database)
                with_quota = [s for s in (book.standing(Assignee.unit(c), m) for c in codes) if s.raw_quota]
                met, total = sum(1 for s in with_quota if s.milestone_met), len(with_quota)
            state = "open" if m.due > now else ("met" if met == total else "missed")
            milestones.append(MilestoneRow(m.percent, m.due, met, total, t(lang, f"export.state_{state}")))
        summary: list[tuple[str, object]] = []
        for top in tops:
            s = book.standing(Assignee.unit(top))
            summary += [
                (t(lang, "export.overall_done", unit=tree.unit(top).name), fraction(s.raw_done, s.raw_quota)),
                (t(lang, "export.completion"), s.completion or 0.0),
                (t(lang, "export.expected"), s.expected),
            ]
        upcoming = campaign.next_milestone(now)
        if upcoming is not None:
            summary.append(
                (t(lang, "export.next_milestone"), f"{whole_pct(upcoming.percent)} {moment(campaign, upcoming.due)}")
            )
        return ExportData(
            campaign.name,
            campaign.key,
            now,
            campaign.timezone,
            lang,
            summary,
            [(tk.key, tk.name, tk.unit) for tk in campaign.tasks],
            units,
            members,
            milestones,
            ledger,
            campaign.verification is not VerificationMode.OFF,
            next(iter(counting_legend(lang, campaign)), None),
        )
