"""Use case: the campaign workbook for `/export` and `campaign-bot export`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

from bot.domain.model import Assignee, AssigneeKind
from bot.domain.ranking import rank
from bot.render.workbook import ExportData, LedgerRow, MilestoneRow, ProgressRow, build_workbook
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.progress import LoadedBook, ProgressService
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo, ReportRow
from bot.storage.org import MemberRepo
from bot.texts import t
from bot.views.dates import moment
from bot.views.numbers import fraction, whole_pct

BATCH = 5000  # ledger rows handed to the workbook's thread at a time: what the export holds in memory


async def _ledger(
    reports: AsyncIterator[ReportRow], names: dict[int, tuple[str, str]], scoped: bool
) -> AsyncIterator[LedgerRow]:
    async for r in reports:
        if scoped and r.member_id not in names:
            continue  # a report from outside the leader's subtree
        member, unit = names.get(r.member_id, (str(r.member_id), ""))
        verifier = names.get(r.verified_by, ("", ""))[0] if r.verified_by is not None else ""
        # A proxy entry names the leader who typed it (their id if outside the exported scope).
        entered = names.get(r.entered_by, (str(r.entered_by), ""))[0] if r.entered_by is not None else ""
        yield LedgerRow(
            r.id,
            r.created_at,
            member,
            unit,
            r.task,
            r.delta,
            r.source.value,
            r.status.value,
            verifier,
            r.corrects_id,
            entered,
        )


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


class ExportService:
    def __init__(self, db: Database, clock: Clock, progress: ProgressService | None = None) -> None:
        self.db = db
        self.clock = clock
        self.progress = progress or ProgressService(db, clock)

    async def workbook(
        self, record: CampaignRecord, lang: str, scope_unit: str | None = None, *, exported_by: Actor | None = None
    ) -> bytes:
        """The whole campaign, or only the subtree of `scope_unit` (what a leader of it may see).
        `exported_by`: a leader's /export, which the audit log records (data left the bot)."""
        loaded = await self.progress.load(record)
        tops = [scope_unit] if scope_unit else [u.code for u in loaded.tree.roots()]
        codes = [c for top in tops for c in loaded.tree.subtree_unit_codes(top)]
        everyone = await MemberRepo(self.db.reader).for_campaign(record.id, active_only=False)
        names = {  # removed members' reports are exported too
            r.id: (r.member.name, r.member.unit_code) for r in everyone if r.member.unit_code in set(codes)
        }
        reports = ReportRepo(self.db.reader).iterate(record.id, BATCH)
        ledger = _in_thread(_ledger(reports, names, scope_unit is not None), asyncio.get_running_loop())
        data = self._data(record, loaded, lang, tops, codes, ledger)
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
            )

        units = [
            progress_row(Assignee.unit(c), tree.unit(c).name, (tree.unit(c).level, tree.unit(c).parent_code or ""))
            for c in codes
        ]
        members = [
            progress_row(
                Assignee.member(m.key),
                m.name,
                (m.unit_code, t(lang, f"export.role_{m.role.value}"), m.telegram_user_id is not None),
            )
            for m in tree.members()
            if m.unit_code in set(codes)
        ]
        milestones = []
        for m in campaign.milestones:
            standings = [book.standing(Assignee.unit(c), m) for c in codes]
            with_quota = [s for s in standings if s.raw_quota]
            met = sum(1 for s in with_quota if s.milestone_met)
            state = "open" if m.due > now else ("met" if met == len(with_quota) else "missed")
            milestones.append(MilestoneRow(m.percent, m.due, met, len(with_quota), t(lang, f"export.state_{state}")))
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
        )
