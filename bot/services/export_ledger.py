"""The export's ledger rows (bot/services/export.py): each report with names instead of ids, handed to
the workbook's thread one batch at a time, and the reports awaiting verification per member and unit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.model import Assignee
from bot.domain.tree import OrgTree
from bot.render.workbook import LedgerRow
from bot.storage.ledger import ReportRow
from bot.storage.org import MemberRecord, MemberRepo


def row_day(row: ReportRow, tz: ZoneInfo) -> date:
    """The day a ledger row counts for on the daily sheet: the day the member said the work was done
    (昨天…), else the day it was recorded, in the campaign's time zone (a report at 23:30 in Shanghai is
    that day's work, not the next UTC day's); a correction's, the entry's it corrects (the one day rule)."""
    return row.work_date or (row.counted_at or row.created_at).astimezone(tz).date()


@dataclass(frozen=True, slots=True)
class Names:
    """What the ledger shows instead of ids and keys."""

    members: dict[int, tuple[str, str]]  # member id → (name, unit code), everyone of the campaign
    in_scope: set[int]  # the member ids whose reports are exported
    units: dict[str, str]  # unit code → name
    tasks: dict[str, str]  # task key → name


async def ledger_rows(
    reports: AsyncIterator[ReportRow],
    names: Names,
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


def pending_per_assignee(tree: OrgTree, everyone: list[MemberRecord], counts: dict[int, int]) -> dict[Assignee, int]:
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


def in_thread(rows: AsyncIterator[LedgerRow], loop: asyncio.AbstractEventLoop, size: int) -> Iterator[LedgerRow]:
    """The ledger for the worker thread that writes the workbook: each batch is read on the event
    loop (the database's home) while the thread waits, so at most one batch is in memory. Nothing
    needs closing if the thread stops early: ReportRepo.iterate keeps no cursor open between batches."""

    async def batch() -> list[LedgerRow]:
        taken: list[LedgerRow] = []
        async for row in rows:
            taken.append(row)
            if len(taken) == size:
                break
        return taken

    while taken := asyncio.run_coroutine_threadsafe(batch(), loop).result():
        yield from taken
