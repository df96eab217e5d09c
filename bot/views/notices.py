"""The scheduler's texts: reminders, digests and missed-checkpoint lists, from the catalogue.

Each function returns the messages to send, none over Telegram's limit (a longer one is refused
with 400 and the notification would be stored `failed`). A list that grows with the roster is
either capped with "… and N more" (the laggards, per level: /laggards shows them all; the unreachable: one
line, which `chunks` never splits) or split over several messages (the problems, the missed list:
each line is told to the leader once, here only, so none may be cut).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.domain.forecast import Forecast
from bot.domain.model import Campaign, Milestone
from bot.domain.reach import UnitShare
from bot.domain.standing import RuleViolation, Standing
from bot.domain.tree import OrgTree
from bot.domain.warnings import WarningLevel
from bot.texts import t, th
from bot.views import forecast as forecasts
from bot.views.dates import due_time, short_moment
from bot.views.leave import away_lines
from bot.views.lookup import report_example
from bot.views.names import display_name, joined
from bot.views.numbers import both_counts, counting_legend
from bot.views.pace import pace
from bot.views.sizing import chunks
from bot.views.standing import laggard_lines

MAX_LAGGARDS = 40  # per level group (villages, people, …)
MAX_UNREACHABLE = 30  # names on one line; a line is never split, so it must stay well below the limit


@dataclass(frozen=True, slots=True)
class Recipients:
    """Who a problem row was for, by its recipient id: members ("m<id>") by name, bound groups
    ("g<chat id>") by their unit's name; "all" is a whole event (scheduler/runner.py)."""

    members: dict[str, str]
    groups: dict[str, str]

    def name(self, lang: str, recipient: str) -> str:
        if recipient in self.groups:
            return t(lang, "scheduler.recipient_group", unit=self.groups[recipient])
        if recipient == "all":
            return t(lang, "scheduler.recipient_all")
        return self.members.get(recipient, recipient)


class Problem(Protocol):
    """A notification that did not go out as planned (the outbox's Notification rows are these)."""

    @property
    def state(self) -> str: ...  # missed, uncertain, failed or unreachable
    @property
    def kind(self) -> str: ...  # reminder, digest, missed, daily or checkpoint
    @property
    def recipient(self) -> str: ...
    @property
    def due_at(self) -> datetime: ...


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


def digest(
    lang: str,
    campaign: Campaign,
    milestone: Milestone,
    tree: OrgTree,
    unit_code: str,
    laggards: Sequence[Standing],
    unreachable: Sequence[str],
    problems: Sequence[Problem],
    names: Recipients,
    late: bool,
    violations: Sequence[RuleViolation] = (),
    backlog: int = 0,
    overdue: Sequence[tuple[str, int]] = (),
    forecast: Sequence[tuple[str, Forecast]] = (),
    flagged: int = 0,
    warned: Mapping[str, WarningLevel] | None = None,
) -> list[str]:
    """A leader's reminder digest: its header, the unit's forecast for the checkpoint, the laggards,
    who cannot be reached, rules not yet met, the review backlog and notifications that went wrong."""
    lines = [
        th(
            lang,
            "scheduler.digest_header",
            unit=tree.unit(unit_code).name,
            percent=milestone.percent,
            due=due_time(campaign, lang, milestone.due),
            count=len(laggards),
            late=th(lang, "scheduler.late_mark") if late else "",
        )
    ]
    lines += forecasts.lines(lang, campaign, forecast)
    lines += counting_legend(lang, campaign) if laggards else []
    lines += laggard_lines(lang, campaign, tree, laggards, limit=MAX_LAGGARDS, warned=warned)  # 🟨/🟥 as /laggards
    if unreachable:
        names_shown = joined(lang, unreachable[:MAX_UNREACHABLE])
        if len(unreachable) > MAX_UNREACHABLE:
            names_shown += th(lang, "scheduler.and_more", count=len(unreachable) - MAX_UNREACHABLE)
        lines.append(th(lang, "scheduler.unreachable", names=names_shown))
    lines += rule_lines(lang, campaign, tree, milestone, violations, "scheduler.rules_due_header")
    if backlog and flagged:  # how many of them to look at first; which and why only in /verify
        lines.append(th(lang, "scheduler.review_backlog_flagged", count=backlog, flagged=flagged))
    elif backlog:
        lines.append(th(lang, "scheduler.review_backlog", count=backlog))
    if overdue:
        units = tuple(t(lang, "scheduler.review_overdue_unit", unit=u, count=n) for u, n in overdue)
        lines.append(th(lang, "scheduler.review_overdue", days=campaign.verification_overdue_days, units=units))
    for p in problems:
        lines.append(
            th(
                lang,
                f"scheduler.problem_{p.state}",
                name=names.name(lang, p.recipient),
                kind=th(lang, f"scheduler.kind_{p.kind}"),
                date=short_moment(campaign, p.due_at),
            )
        )
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
    lines = []
    if units:
        lines.append(
            th(
                lang,
                "scheduler.missed_units_header",
                unit=tree.unit(unit_code).name,
                percent=milestone.percent,
                count=len(units),
            )
        )
        lines += [_missed_line(lang, campaign, tree, s) for s in units]
    lines += [
        th(
            lang,
            "scheduler.missed_header",
            unit=tree.unit(unit_code).name,
            percent=milestone.percent,
            count=len(behind),
        )
    ]
    lines += [_missed_line(lang, campaign, tree, s) for s in behind]
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
