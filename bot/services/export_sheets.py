"""The export's summary, units, members and milestones sheets (bot/services/export.py): their rows from
the book, the stored checkpoint results and each member's warning level."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from datetime import datetime

from bot.domain.checkpoint import units_met
from bot.domain.model import Assignee, AssigneeKind, VerificationMode
from bot.domain.ranking import rank
from bot.domain.warnings import WarningLevel
from bot.render.workbook import ExportData, LedgerRow, MilestoneRow, ProgressRow
from bot.services.progress import LoadedBook
from bot.storage.campaigns import CampaignRecord
from bot.storage.checkpoints import StoredCheckpoint
from bot.texts import t
from bot.views.dates import moment
from bot.views.numbers import counting_legend, fraction, whole_pct


def with_warnings(data: ExportData, levels: Mapping[str, WarningLevel], lang: str) -> ExportData:
    """The members' rows with their warning level as the last column (empty below yellow)."""

    def level(key: str | None) -> str:
        found = levels.get(key or "", WarningLevel.NONE)
        return "" if found is WarningLevel.NONE else t(lang, f"warnings.level_{found.word}")

    members = [dataclasses.replace(r, extra=(*r.extra, level(r.code))) for r in data.members]
    return dataclasses.replace(data, members=members, warnings=True)


def sheet_data(
    record: CampaignRecord,
    loaded: LoadedBook,
    lang: str,
    tops: list[str],
    codes: list[str],
    ledger: Iterator[LedgerRow],
    pending: dict[Assignee, int],
    judged: Mapping[int, StoredCheckpoint],
    now: datetime,
) -> ExportData:
    """The summary, units, members and milestones sheets' rows, and the ledger to stream."""
    campaign, book, tree = record.campaign, loaded.book, loaded.tree
    # Ranked as /progress ranks them: a unit without a quota has no completion to rank by.
    ranks: dict[Assignee, int] = {}
    for unit in tree.units():
        siblings = [s for s in book.children(unit.code) if s.assignee.kind is AssigneeKind.UNIT]
        for row in rank([s for s in siblings if s.completion is not None]):
            ranks[row.standing.assignee] = row.rank
    for row in rank([s for s in (book.standing(Assignee.unit(code)) for code in tops) if s.completion is not None]):
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
