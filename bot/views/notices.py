"""The scheduler's texts: reminders and missed-checkpoint lists, from the catalogue (a leader's
digest: bot/views/digests.py).

Each function returns the messages to send, none over Telegram's limit (a longer one is refused
with 400 and the notification would be stored `failed`). The missed list grows with the roster and
is split over several messages: each line is told to the leader once, here only, so none may be cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.model import Campaign, Milestone
from bot.domain.reach import UnitShare
from bot.domain.standing import RuleViolation, Standing
from bot.domain.tree import OrgTree
from bot.texts import th
from bot.views.dates import due_time
from bot.views.leave import away_lines
from bot.views.lookup import report_example
from bot.views.names import display_name, joined
from bot.views.numbers import both_counts, counting_legend
from bot.views.pace import pace
from bot.views.sizing import chunks


def reminder(
    lang: str,
    campaign: Campaign,
    milestone: Milestone,
    name: str,
    standing: Standing,
    late: bool,
    shares: Sequence[UnitShare] = (),
    tree: OrgTree | None = None,
) -> list[str]:
    """The member's own tasks behind the milestone, then what each unit whose quota reaches them
    (bot/domain/reach.py) still needs: one message for both (`tree` names those units)."""
    lines = [
        th(
            lang,
            "scheduler.reminder_header",
            name=name,
            percent=milestone.percent,
            due=due_time(campaign, lang, milestone.due),
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
                pace=pace(lang, campaign, ts),
            )
            + both_counts(lang, campaign, ts.verified, ts.reported)
        )
    for share in shares:
        task = campaign.task(share.task.task)
        if task is None or tree is None:
            continue
        lines.append(
            th(
                lang,
                "scheduler.reminder_unit_line",
                unit_name=tree.unit(share.unit).name,
                task=task.name,
                remaining=share.task.remaining,
                unit=task.unit,
                pace=pace(lang, campaign, share.task, task.unit),
                people=share.people,
            )
        )
    lines += counting_legend(lang, campaign)
    lines.append(th(lang, "scheduler.reminder_footer", example=report_example(lang, campaign.tasks)))
    return chunks(lines)


def missed(
    lang: str,
    campaign: Campaign,
    milestone: Milestone,
    tree: OrgTree,
    unit_code: str,
    behind: Sequence[Standing],
    units: Sequence[Standing] = (),
    violations: Sequence[RuleViolation] = (),
    away: Sequence[tuple[str, date]] = (),
) -> list[str]:
    """The checkpoint's missed list: the units that missed (a unit's quota is often nobody's own, so
    "0 members missed" alone would hide them), the members (and, instead, who is on leave: `away`),
    then the rules not met."""

    def section(header: str, missing: Sequence[Standing]) -> list[str]:
        """A header naming the leader's unit and how many missed, then one line for each of them."""
        head = th(lang, header, unit=tree.unit(unit_code).name, percent=milestone.percent, count=len(missing))
        return [head, *(_missed_line(lang, campaign, tree, s) for s in missing)]

    lines = section("scheduler.missed_units_header", units) if units else []
    lines += section("scheduler.missed_header", behind)
    lines += away_lines(lang, away)
    lines += rule_lines(lang, campaign, tree, milestone, violations, "scheduler.rules_missed_header")
    lines += counting_legend(lang, campaign) if units or behind else []
    return chunks(lines)


def _missed_line(lang: str, campaign: Campaign, tree: OrgTree, s: Standing) -> str:
    short = joined(lang, (f"{campaign.task_name(ts.task)} {ts.done}/{ts.target}" for ts in s.tasks if ts.remaining))
    line = th(lang, "scheduler.missed_line", name=display_name(tree, s.assignee), needs=short)
    return line + both_counts(lang, campaign, s.raw_verified, s.raw_reported)  # as a laggard line shows them


def rule_lines(
    lang: str,
    campaign: Campaign,
    tree: OrgTree,
    milestone: Milestone,
    violations: Sequence[RuleViolation],
    header: str,
) -> list[str]:
    """`min_each` rules of the milestone a unit does not meet: a header, then one line per unit."""
    if not violations:
        return []
    lines = [th(lang, header, percent=milestone.percent, count=len(violations))]
    for v in violations:
        lines.append(
            th(
                lang,
                "scheduler.rule_line",
                unit=tree.unit(v.unit).name,
                task=campaign.task_name(v.task),
                done=v.done,
                required=v.required,
            )
        )
    return lines
