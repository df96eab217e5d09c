"""Turns domain standings into catalogue texts (shared by acknowledgements, /me and /progress)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain.model import Assignee, Campaign, TaskType
from bot.domain.progress import Standing
from bot.texts import due_text as due_text
from bot.texts import th
from bot.views.sizing import chunks as chunks

if TYPE_CHECKING:
    from bot.services.container import Services
    from bot.services.progress import MemberReads
    from bot.services.records import CampaignRecord, MemberRecord


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def ack(
    lang: str,
    campaign: Campaign,
    items: Sequence[tuple[TaskType, int]],
    standing: Standing,
    *,
    duplicate: bool = False,
) -> str:
    """已记录：入户走访 +5 → 23/40 户（57.5%）。距 12月5日 60%节点还需 1 户。"""
    by_task = {ts.task: ts for ts in standing.tasks}
    lines = [th(lang, "report.duplicate" if duplicate else "report.recorded_header")]
    for task, count in items:
        ts = by_task.get(task.key)
        done = ts.done if ts else count
        quota = ts.quota if ts else 0
        if quota:
            lines.append(
                th(
                    lang,
                    "report.recorded_line",
                    task=task.name,
                    count=count,
                    done=done,
                    quota=quota,
                    unit=task.unit,
                    pct=pct(done / quota),
                )
            )
        else:
            lines.append(
                th(lang, "report.recorded_line_no_quota", task=task.name, count=count, done=done, unit=task.unit)
            )
        milestone = standing.next_milestone
        if ts is not None and milestone is not None and quota:
            if ts.remaining > 0:
                lines.append(
                    th(
                        lang,
                        "report.still_needed",
                        due=due_text(campaign, lang, milestone.due),
                        percent=milestone.percent,
                        remaining=ts.remaining,
                        unit=task.unit,
                        per_day=ts.per_day,
                    )
                )
            else:
                lines.append(
                    th(
                        lang,
                        "report.target_met",
                        due=due_text(campaign, lang, milestone.due),
                        percent=milestone.percent,
                    )
                )
    return "\n".join(lines)


async def compose_ack(
    services: Services,
    lang: str,
    record: CampaignRecord,
    member: MemberRecord,
    items: Sequence[tuple[TaskType, int]],
    *,
    duplicate: bool,
    edited: bool,
    reads: MemberReads | None = None,
) -> str:
    """The acknowledgement of a committed report, with the member's standing as it is now (also what
    bot/chat/acks.py composes again for one left owed by a crash). `reads`: what the member's book is
    built from, read in the report's own transaction, so no second read is needed."""
    if reads is None:
        book = (await services.progress.load(record, only_member=member)).book
    else:
        book = services.progress.member_book(reads).book
    standing = book.standing(Assignee.member(member.key))
    text = ack(lang, record.campaign, items, standing, duplicate=duplicate)
    return f"{text}\n{th(lang, 'report.edit_applied')}" if edited else text


def standing_lines(lang: str, campaign: Campaign, standing: Standing) -> list[str]:
    """Per task: done / quota, target of the next milestone, what remains and per day."""
    lines = []
    for ts in standing.tasks:
        task = campaign.task(ts.task)
        name, unit = (task.name, task.unit) if task else (ts.task, "")
        if not ts.quota:  # reported without a quota: there is no target to be short of
            lines.append(th(lang, "views.task_line_no_quota", task=name, done=ts.done, unit=unit))
            continue
        key = "views.task_line" if ts.remaining else "views.task_line_met"
        lines.append(
            th(
                lang,
                key,
                task=name,
                done=ts.done,
                quota=ts.quota,
                unit=unit,
                target=ts.target,
                remaining=ts.remaining,
                per_day=ts.per_day,
            )
        )
    return lines


def row_line(lang: str, rank: int, name: str, standing: Standing) -> str:
    if standing.completion is None:  # no quota: not ranked, but what was reported still shows
        return th(lang, "views.child_line_no_quota", name=name, done=standing.raw_done)
    return th(
        lang,
        "views.child_line",
        rank=rank,
        name=name,
        completion=pct(standing.completion),
        done=standing.raw_done,
        quota=standing.raw_quota,
        status=th(lang, f"status.{standing.status.value}"),
    )
