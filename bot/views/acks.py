"""The acknowledgement of a report: what was recorded and where the member stands now.

Composed from the report's items and the member's standing; reading that standing is the report's
service's work (ProgressService.acknowledgement, bot/services/progress.py), so this stays a function
of domain values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from bot.domain.model import Campaign, TaskType
from bot.domain.parser import example_report
from bot.domain.standing import Standing
from bot.texts import th
from bot.views.dates import day_text, due_text
from bot.views.names import joined
from bot.views.numbers import both_counts, counting_legend, pct, reported
from bot.views.numbers import signed as signed_count
from bot.views.pace import pace


def ack(
    lang: str,
    campaign: Campaign,
    items: Sequence[tuple[TaskType, int]],
    standing: Standing,
    *,
    duplicate: bool = False,
    edited: bool = False,
    parts: Sequence[tuple[str, Sequence[int]]] = (),
    work_date: date | None = None,
) -> str:
    """已记录：入户走访 +5 → 23/40 户（57.5%）。距 12月5日 60%节点还需 1 户。
    `duplicate`: the message was counted before (nothing counted twice); `edited`: the report
    replaces the one its message said before the edit; `parts`: the counts one message named a task
    with, summed (入户走访 3+2=5); `work_date`: the earlier day the member said the work was done."""
    by_task = {ts.task: ts for ts in standing.tasks}
    summed = dict(parts)
    lines = [th(lang, "report.duplicate" if duplicate else "report.recorded_header")]
    for task, count in items:
        ts = by_task.get(task.key)
        done = ts.done if ts else count
        quota = ts.quota if ts else 0
        both = both_counts(lang, campaign, ts.verified, ts.reported) if ts else ""
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
                + both
            )
        else:
            lines.append(
                th(
                    lang,
                    "report.recorded_line_no_quota",
                    task=task.name,
                    count=count,
                    done=reported(campaign, done, ts.reported) if ts else done,
                    unit=task.unit,
                )
                + both
            )
        if len(summed.get(task.key, ())) > 1:
            added = "+".join(str(n) for n in summed[task.key])
            lines.append(th(lang, "report.summed", task=task.name, parts=added, count=count))
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
                        pace=pace(lang, campaign, ts, task.unit),
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
    if work_date is not None:
        lines.append(th(lang, "report.work_date", day=day_text(lang, work_date)))
    lines += counting_legend(lang, campaign)
    if edited:
        lines.append(th(lang, "report.edit_applied"))
    return "\n".join(lines)


def task_counts(lang: str, campaign: Campaign, counts: Iterable[tuple[str, int]], *, signed: bool = False) -> str:
    """A report's items on one line, by task key: 走访 5、体检 3 (with `signed`, 走访 +5、体检 -3, as
    an undo shows what it reverted). A task no longer in the plan is left out."""
    return joined(
        lang,
        (f"{task.name} {signed_count(n) if signed else n}" for key, n in counts if (task := campaign.task(key))),
    )


def still_counted_text(lang: str, campaign: Campaign, counts: Iterable[tuple[str, int]], *, undoable: bool) -> str:
    """A counted message edited into no report: what it recorded still stands, and how to take it back —
    /undo when that takes exactly this back, else by editing the message to the right number."""
    items = task_counts(lang, campaign, counts)
    if undoable:
        return th(lang, "report.edit_kept_undo", items=items)
    return th(lang, "report.edit_kept", items=items, example=example_report(campaign.tasks))
