"""The /verify list: how many reports await review in all, then each one shown with its date, unit and
member, and the labels of its buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.anomalies import Flag
from bot.domain.model import Campaign
from bot.texts import th
from bot.views.dates import short_moment
from bot.views.flags import flag_lines


@dataclass(frozen=True, slots=True)
class PendingEntry:
    at: datetime
    unit: str
    member: str
    task: str
    count: int
    flags: tuple[Flag, ...] = ()  # why the report is worth a second look (issue 11 §4)


def pending_label(position: int, entry: PendingEntry) -> str:
    """1. 王芳 · 入户走访 +5 — plain text (a button's label is not HTML), so nothing is escaped."""
    return f"{position}. {entry.member} · {entry.task} +{entry.count}"


def pending_text(
    lang: str,
    campaign: Campaign,
    total: int,
    entries: Sequence[PendingEntry],
    unit: str | None,
    *,
    flagged: int = 0,
    flagged_only: bool = False,
) -> str:
    """七岭村：待审核上报 37 条，显示前 8 条： and one numbered line per report shown:
    1. 11-20 10:00 · 七岭村 · 王芳 · 入户走访 +5 — each flagged one followed by its ⚠ reasons.
    `flagged`: how many of `total` are flagged (a note under the header); `flagged_only`: the list
    is `/verify flagged`'s, and `total` counts the flagged ones."""
    prefix = "verify.flagged_header" if flagged_only else "verify.header"
    if len(entries) >= total:
        head = th(lang, prefix, count=total)
    else:
        head = th(lang, f"{prefix}_page", count=total, shown=len(entries))
    if unit is not None:
        head = th(lang, "verify.unit_prefix", unit=unit) + head
    lines = [head]
    if flagged and not flagged_only:
        lines.append(th(lang, "verify.flagged_note", count=flagged))
    return "\n".join(lines + _items(lang, campaign, entries))


def _items(lang: str, campaign: Campaign, entries: Sequence[PendingEntry]) -> list[str]:
    lines = []
    for i, e in enumerate(entries, start=1):
        at = short_moment(campaign, e.at)
        lines.append(th(lang, "verify.item", n=i, at=at, unit=e.unit, member=e.member, task=e.task, count=e.count))
        lines += ["    " + line for line in flag_lines(lang, campaign, e.flags)]
    return lines


def sample_text(
    lang: str, campaign: Campaign, picked: int, flagged: int, left: int, entries: Sequence[PendingEntry]
) -> str:
    """抽查 10 条（其中 5 条有异常提示），待审核 7 条： and the reports still pending, as in /verify."""
    if not entries:
        return th(lang, "sample.done")
    head = th(lang, "sample.header", picked=picked, flagged=flagged, left=left)
    if len(entries) < left:
        head += th(lang, "sample.shown", shown=len(entries))
    return "\n".join([head, *_items(lang, campaign, entries)])


def decided_text(lang: str, campaign: Campaign, approved: bool, reports: Sequence[tuple[str, int, datetime]]) -> str:
    """What a cadre is told after a decision round: approved or rejected, and which of their reports
    (task key, count, when reported) — one message for the whole round."""
    key = "verify.told_approved" if approved else "verify.told_rejected"
    lines = [th(lang, key, count=len(reports))]
    lines += [
        th(lang, "verify.told_item", at=short_moment(campaign, at), task=campaign.task_name(task), count=count)
        for task, count, at in reports
    ]
    if not approved:
        lines.append(th(lang, "verify.told_rejected_footer"))
    return "\n".join(lines)
