"""The units and members sheets: a row per unit or member with each task's done and quota, the
reports awaiting verification, completion, expected, status (and rank among siblings for units),
then a totals row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from bot.render.sheets.table import PERCENT, Column, Table
from bot.texts import t


@dataclass(frozen=True, slots=True)
class ProgressRow:
    code: str | None  # None: the totals row
    name: str
    extra: tuple[object, ...]  # units: level, parent's name; members: unit's name, role, joined (yes/no)
    done: Mapping[str, int]
    quota: Mapping[str, int]
    completion: float | None
    expected: float | None
    status: str
    rank: int | None = None
    pending: int = 0  # reports awaiting verification
    in_total: bool = True  # units: only the top units, whose rows already hold everything below them
    reported: int = 0  # both totals, shown when verification is on (one of them counts: the summary says which)
    verified: int = 0


def total(rows: Sequence[ProgressRow], label: str, tasks: Sequence[str]) -> ProgressRow:
    """The totals row: sums of the rows counted in it; completion as the domain computes it,
    Σ min(done, quota) / Σ quota, so one row's surplus does not hide another's shortfall."""
    counted = [r for r in rows if r.in_total]
    done = {k: sum(r.done.get(k, 0) for r in counted) for k in tasks}
    quota = {k: sum(r.quota.get(k, 0) for r in counted) for k in tasks}
    capped = sum(min(r.done.get(k, 0), r.quota.get(k, 0)) for r in counted for k in tasks)
    width = len(rows[0].extra) if rows else 0
    completion = capped / sum(quota.values()) if sum(quota.values()) else None
    expected = rows[0].expected if rows else None
    return ProgressRow(None, label, (None,) * width, done, quota, completion, expected, "",
                       pending=sum(r.pending for r in counted), reported=sum(r.reported for r in counted),
                       verified=sum(r.verified for r in counted))  # fmt: skip


def progress_sheet(
    wb: Workbook,
    title: str,
    lang: str,
    extra_headers: Sequence[str],
    tasks: Sequence[tuple[str, str, str]],
    rows: Sequence[ProgressRow],
    *,
    ranked: bool,
    verifying: bool,
) -> None:
    def extra(i: int) -> Column[ProgressRow]:
        return Column(extra_headers[i], lambda r: r.extra[i], 14)

    def done(key: str, name: str) -> Column[ProgressRow]:
        return Column(t(lang, "export.done", task=name), lambda r: r.done.get(key, 0))

    def quota(key: str, name: str) -> Column[ProgressRow]:
        return Column(t(lang, "export.quota", task=name), lambda r: r.quota.get(key, 0))

    columns: list[Column[ProgressRow]] = [
        Column(t(lang, "export.code"), lambda r: r.code),
        Column(t(lang, "export.name"), lambda r: r.name, 16),
        *(extra(i) for i in range(len(extra_headers))),
        *(done(k, n) for k, n, _ in tasks),
        *(quota(k, n) for k, n, _ in tasks),
    ]
    if verifying:
        columns += [
            Column(t(lang, "export.reported"), lambda r: r.reported, 12),
            Column(t(lang, "export.verified"), lambda r: r.verified, 12),
            Column(t(lang, "export.pending"), lambda r: r.pending, 14),
        ]
    columns += [
        Column(t(lang, "export.completion"), lambda r: r.completion, 12, PERCENT),
        Column(t(lang, "export.expected"), lambda r: r.expected, 12, PERCENT),
        Column(t(lang, "export.status"), lambda r: r.status),
    ]
    if ranked:
        columns.append(Column(t(lang, "export.rank"), lambda r: r.rank))
    table = Table(wb, title, columns, lang)
    for row in rows:
        table.add(row)
    table.finish()  # the filter stops above the totals row: sorting the rows leaves it at the bottom
    table.add(total(rows, t(lang, "export.total"), [k for k, _, _ in tasks]), bold=True)
