"""The /verify list: how many reports await review in all, then each one shown with its date, unit and
member, and the labels of its buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.model import Campaign
from bot.texts import th
from bot.views.dates import short_moment


@dataclass(frozen=True, slots=True)
class PendingEntry:
    at: datetime
    unit: str
    member: str
    task: str
    count: int


def pending_label(position: int, entry: PendingEntry) -> str:
    """1. 王芳 · 入户走访 +5 — plain text (a button's label is not HTML), so nothing is escaped."""
    return f"{position}. {entry.member} · {entry.task} +{entry.count}"


def pending_text(lang: str, campaign: Campaign, total: int, entries: Sequence[PendingEntry], unit: str | None) -> str:
    """七岭村：待审核上报 37 条，显示前 8 条： and one numbered line per report shown:
    1. 11-20 10:00 · 七岭村 · 王芳 · 入户走访 +5"""
    if len(entries) >= total:
        head = th(lang, "verify.header", count=total)
    else:
        head = th(lang, "verify.header_page", count=total, shown=len(entries))
    if unit is not None:
        head = th(lang, "verify.unit_prefix", unit=unit) + head
    lines = [
        th(
            lang,
            "verify.item",
            n=i,
            at=short_moment(campaign, e.at),
            unit=e.unit,
            member=e.member,
            task=e.task,
            count=e.count,
        )
        for i, e in enumerate(entries, start=1)
    ]
    return "\n".join([head, *lines])


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
