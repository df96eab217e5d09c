"""The questions a report message may get instead of an acknowledgement (SPEC §3.2): "did you mean
走访?" for a misspelt task word, and "record the difference from your total?" for a running total —
with what a ✅ would record. Composed from the stored question's values only."""

from __future__ import annotations

from datetime import date

from bot.domain.model import Campaign, TaskType
from bot.texts import th
from bot.views.acks import task_counts
from bot.views.dates import day_text


def typo_question(
    lang: str, campaign: Campaign, word: str, suggestion: str, items: tuple[tuple[TaskType, int], ...]
) -> str:
    """“走防”是不是“走访”？按此理解是：入户走访 5。"""
    reading = task_counts(lang, campaign, ((task.key, n) for task, n in items))
    return th(lang, "report.typo_ask", word=word, suggestion=suggestion, items=reading)


def total_lines(
    lang: str, items: tuple[tuple[TaskType, int], ...], current: tuple[tuple[str, int], ...]
) -> tuple[str, ...]:
    """Per task named: the stated total, what is recorded, and the difference (if it is above)."""
    recorded = dict(current)
    lines = []
    for task, stated in items:
        now = recorded.get(task.key, 0)
        key = "report.total_line" if stated > now else "report.total_line_none"
        lines.append(th(lang, key, task=task.name, stated=stated, current=now, diff=stated - now, unit=task.unit))
    return tuple(lines)


def total_question(
    lang: str,
    items: tuple[tuple[TaskType, int], ...],
    current: tuple[tuple[str, int], ...],
    *,
    asked: bool,
    work_date: date | None = None,
) -> str:
    """The running total against the recorded one: a question with ✅ when it is above for some task,
    else the answer that nothing is recorded (and how to send new work instead)."""
    lines = "\n".join(total_lines(lang, items, current))
    text = th(lang, "report.total_ask" if asked else "report.total_not_more") + "\n" + lines
    if asked and work_date is not None:
        text += "\n" + th(lang, "report.total_work_date", day=day_text(lang, work_date))
    if asked:
        text += "\n" + th(lang, "report.total_ask_end")
    return text
