"""The plan preview a leader confirms before an import (SPEC §4), with the plan's warnings (issue 11:
campaign dates no working calendar covers) below it: worth a look, no reason to refuse the file."""

from __future__ import annotations

from bot.plans.types import PlanDoc
from bot.texts import th
from bot.views.dates import plan_moment
from bot.views.names import joined
from bot.views.numbers import whole_pct

WARNINGS_SHOWN = 10  # a plan far beyond the calendar data has one range, rarely more


def preview(lang: str, plan: PlanDoc, not_counted: tuple[int, ...] = ()) -> str:
    """`not_counted`: the checkpoints already past that the plan's new warning ladder leaves out."""
    c = plan.campaign
    lines = [
        th(
            lang,
            "planchat.preview",
            campaign=c.name,
            key=c.key,
            start=plan_moment(c.start),
            end=plan_moment(c.end),
            tasks=joined(lang, (t.name for t in c.tasks)),
            units=len(plan.units),
            members=len(plan.members),
            quotas=len(plan.quotas),
        )
    ]
    if plan.warnings or not_counted:
        lines.append(th(lang, "planchat.warnings_header"))
    if not_counted:
        lines.append(th(lang, "planchat.warnings_forward", checkpoints=tuple(whole_pct(p) for p in not_counted)))
    if plan.warnings:
        lines += [th(lang, "planchat.warning_line", text=w.render(lang)) for w in plan.warnings[:WARNINGS_SHOWN]]
        if len(plan.warnings) > WARNINGS_SHOWN:
            lines.append(th(lang, "planchat.more_warnings", count=len(plan.warnings) - WARNINGS_SHOWN))
    return "\n".join(lines)
