"""Use case: the campaign workbook for `/export` and `campaign-bot export`. The rows of each kind of
sheet are made in export_sheets.py (summary, units, members, milestones), export_ledger.py (the ledger,
streamed) and export_leave.py (leave)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.render.workbook import build_workbook
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.day_sums import backlog_counts
from bot.services.directory import Actor
from bot.services.export_leave import leave_rows
from bot.services.export_ledger import Names, in_thread, ledger_rows, pending_per_assignee
from bot.services.export_sheets import sheet_data, with_warnings
from bot.services.forecast import ForecastService
from bot.services.integrity import reason_codes
from bot.services.progress import ProgressService
from bot.services.reconcile import check_rows_in
from bot.services.warnings import WarningService
from bot.storage.campaigns import CampaignRecord
from bot.storage.checkpoints import CheckpointRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRepo, UnitRepo

BATCH = 5000  # ledger rows handed to the workbook's thread at a time: what the export holds in memory


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
        names = Names(
            {r.id: (r.member.name, r.member.unit_code) for r in everyone},
            {r.id for r in everyone if r.member.unit_code in set(codes)},
            {code: unit.name for code, unit in units.items()},
            {task.key: task.name for task in record.campaign.tasks},
        )
        pending = await backlog_counts(self.db, record)
        reports = ReportRepo(self.db.reader).iterate(record.id, BATCH)
        zone = ZoneInfo(record.campaign.timezone)
        flags = await reason_codes(self.db, loaded)
        rows = ledger_rows(reports, names, scope_unit is not None, zone, MemberRepo(self.db.reader), flags)
        ledger = in_thread(rows, asyncio.get_running_loop(), BATCH)
        waiting = pending_per_assignee(loaded.tree, everyone, pending)
        judged = await CheckpointRepo(self.db.reader).results(record.id)
        data = sheet_data(record, loaded, lang, tops, codes, ledger, waiting, judged, self.clock())
        if record.campaign.warnings is not None:  # each member's graduated warning level (issue 11 §5)
            data = with_warnings(data, await WarningService(self.db, self.clock).levels(record, loaded.book.away), lang)
        data = replace(data, checks=await check_rows_in(self.db.reader, record, loaded, codes))
        data = replace(data, forecasts=await self.forecast.rows(loaded, codes))
        data = replace(data, leaves=await leave_rows(self.db.reader, loaded, codes))
        workbook = await asyncio.to_thread(build_workbook, data)
        if exported_by is not None:  # only once the workbook exists: a failed export exported nothing
            async with self.db.transaction() as conn:
                await audit_action(conn, "export", self.clock(), exported_by, record.id, units=tops)
        return workbook
