"""Use case: the campaign workbook for `/export` and `campaign-bot export`."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from bot.domain.model import Assignee, AssigneeKind
from bot.domain.ranking import rank
from bot.exporting import ExportData, LedgerRow, MilestoneRow, ProgressRow, build_workbook
from bot.services.clock import Clock
from bot.services.progress import LoadedBook, ProgressService
from bot.storage.campaigns import CampaignRecord
from bot.storage.codec import from_ts
from bot.storage.db import Database
from bot.storage.org import MemberRepo
from bot.texts import t


def _ledger(path: Path, campaign_id: int, names: dict[int, tuple[str, str]], batch: int = 5000) -> Iterator[LedgerRow]:
    """Streams the ledger from its own read-only connection, opened on first use in the worker
    thread that writes the workbook (sqlite3 connections belong to the thread that made them)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        last = 0
        while True:
            rows = conn.execute(
                "SELECT id, created_at, member_id, task, delta, source, status, verified_by, corrects_id "
                "FROM reports WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?",
                (campaign_id, last, batch),
            ).fetchall()
            if not rows:
                return
            for r in rows:
                member, unit = names.get(r[2], (str(r[2]), ""))
                verifier = names.get(r[7], ("", ""))[0] if r[7] is not None else ""
                yield LedgerRow(r[0], from_ts(r[1]), member, unit, r[3], r[4], r[5], r[6], verifier, r[8])
            last = rows[-1][0]
    finally:
        conn.close()


class ExportService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.progress = ProgressService(db, clock)

    async def workbook(self, record: CampaignRecord, lang: str) -> bytes:
        loaded = await self.progress.load(record)
        everyone = await MemberRepo(self.db.reader).for_campaign(record.id, active_only=False)
        names = {r.id: (r.member.name, r.member.unit_code) for r in everyone}  # removed members' reports too
        data = self._data(record, loaded, lang, names)
        return await asyncio.to_thread(build_workbook, data)

    def _data(
        self, record: CampaignRecord, loaded: LoadedBook, lang: str, names: dict[int, tuple[str, str]]
    ) -> ExportData:
        campaign, book, tree, now = record.campaign, loaded.book, loaded.tree, self.clock()
        ranks: dict[Assignee, int] = {}
        for unit in tree.units():
            for row in rank([s for s in book.children(unit.code) if s.assignee.kind is AssigneeKind.UNIT]):
                ranks[row.standing.assignee] = row.rank
        for row in rank([book.standing(Assignee.unit(u.code)) for u in tree.roots()]):
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

        codes = [c for root in tree.roots() for c in tree.subtree_unit_codes(root.code)]
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
        ]
        milestones = []
        for m in campaign.milestones:
            standings = [book.standing(Assignee.unit(c), m) for c in codes]
            with_quota = [s for s in standings if s.raw_quota]
            met = sum(1 for s in with_quota if s.milestone_met)
            state = "open" if m.due > now else ("met" if met == len(with_quota) else "missed")
            milestones.append(MilestoneRow(m.percent, m.due, met, len(with_quota), t(lang, f"export.state_{state}")))
        summary: list[tuple[str, object]] = []
        for root in tree.roots():
            s = book.standing(Assignee.unit(root.code))
            summary += [
                (t(lang, "export.overall_done", unit=root.name), f"{s.raw_done}/{s.raw_quota}"),
                (t(lang, "export.completion"), s.completion or 0.0),
                (t(lang, "export.expected"), s.expected),
            ]
        upcoming = campaign.next_milestone(now)
        if upcoming is not None:
            summary.append((t(lang, "export.next_milestone"), f"{upcoming.percent}% {upcoming.due:%Y-%m-%d %H:%M}"))
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
            _ledger(self.db.path, record.id, names),
        )
