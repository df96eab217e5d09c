"""Texts of reminders, digests and missed-checkpoint lists, rendered from the catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.domain.model import Campaign, Milestone
from bot.domain.progress import Standing
from bot.services.progress import LoadedBook
from bot.storage.outbox import Notification
from bot.texts import th


def _due(campaign: Campaign, milestone: Milestone, lang: str) -> str:
    local = milestone.due.astimezone(ZoneInfo(campaign.timezone))
    return f"{local.month}月{local.day}日 {local:%H:%M}" if lang == "zh" else f"{local:%d %b %H:%M}"


def _name(loaded: LoadedBook, s: Standing) -> str:
    tree = loaded.tree
    return tree.unit(s.assignee.key).name if s.assignee.kind.value == "unit" else tree.member(s.assignee.key).name


def reminder(lang: str, campaign: Campaign, milestone: Milestone, name: str, standing: Standing, late: bool) -> str:
    lines = [
        th(
            lang,
            "scheduler.reminder_header",
            name=name,
            percent=milestone.percent,
            due=_due(campaign, milestone, lang),
            late=th(lang, "scheduler.late_mark") if late else "",
        )
    ]
    for ts in standing.tasks:
        task = campaign.task(ts.task)
        if ts.remaining <= 0 or task is None:
            continue
        lines.append(
            th(
                lang,
                "scheduler.reminder_line",
                task=task.name,
                done=ts.done,
                target=ts.target,
                remaining=ts.remaining,
                unit=task.unit,
                per_day=ts.per_day,
            )
        )
    lines.append(th(lang, "scheduler.reminder_footer"))
    return "\n".join(lines)


def digest(
    lang: str,
    campaign: Campaign,
    milestone: Milestone,
    loaded: LoadedBook,
    unit_code: str,
    laggards: Sequence[Standing],
    unreachable: Sequence[str],
    problems: Sequence[Notification],
    names: dict[str, str],
    late: bool,
) -> str:
    lines = [
        th(
            lang,
            "scheduler.digest_header",
            unit=loaded.tree.unit(unit_code).name,
            percent=milestone.percent,
            due=_due(campaign, milestone, lang),
            count=len(laggards),
            late=th(lang, "scheduler.late_mark") if late else "",
        )
    ]
    for s in laggards[:40]:
        needs = "、".join(f"{campaign.task_name(ts.task)} {ts.remaining}" for ts in s.tasks if ts.remaining > 0)
        lines.append(
            th(
                lang,
                "views.laggard_line",
                name=_name(loaded, s),
                needs=needs,
                status=th(lang, f"status.{s.status.value}"),
            )
        )
    if len(laggards) > 40:
        lines.append(th(lang, "scheduler.and_more", count=len(laggards) - 40))
    if unreachable:
        lines.append(th(lang, "scheduler.unreachable", names="、".join(unreachable)))
    for p in problems:
        lines.append(
            th(
                lang,
                f"scheduler.problem_{p.state}",
                name=names.get(p.recipient, p.recipient),
                kind=th(lang, f"scheduler.kind_{p.kind}"),
                date=p.due_at.astimezone(ZoneInfo(campaign.timezone)).strftime("%m-%d %H:%M"),
            )
        )
    return "\n".join(lines)


def missed(
    lang: str, campaign: Campaign, milestone: Milestone, loaded: LoadedBook, unit_code: str, behind: Sequence[Standing]
) -> str:
    lines = [
        th(
            lang,
            "scheduler.missed_header",
            unit=loaded.tree.unit(unit_code).name,
            percent=milestone.percent,
            count=len(behind),
        )
    ]
    for s in behind:
        needs = "、".join(f"{campaign.task_name(ts.task)} {ts.done}/{ts.target}" for ts in s.tasks if ts.remaining)
        lines.append(th(lang, "scheduler.missed_line", name=_name(loaded, s), needs=needs))
    return "\n".join(lines)
