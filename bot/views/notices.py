"""The scheduler's texts: reminders, digests and missed-checkpoint lists, from the catalogue.

Each function returns the messages to send, none over Telegram's limit (a longer one is refused
with 400 and the notification would be stored `failed`). A list that grows with the roster is
either capped with "… and N more" (the laggards: /laggards shows them all; the unreachable: one
line, which `chunks` never splits) or split over several messages (the problems, the missed list:
each line is told to the leader once, here only, so none may be cut).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain.model import Campaign, Milestone
from bot.domain.progress import Standing
from bot.domain.tree import OrgTree
from bot.texts import t, th
from bot.views.dates import due_time, short_moment
from bot.views.lookup import report_example
from bot.views.names import display_name, joined
from bot.views.sizing import chunks
from bot.views.standing import laggard_line

MAX_LAGGARDS = 40
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
    lang: str, campaign: Campaign, milestone: Milestone, name: str, standing: Standing, late: bool
) -> list[str]:
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
                per_day=ts.per_day,
            )
        )
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
) -> list[str]:
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
    lines += [laggard_line(lang, campaign, tree, s) for s in laggards[:MAX_LAGGARDS]]
    if len(laggards) > MAX_LAGGARDS:
        lines.append(th(lang, "scheduler.and_more", count=len(laggards) - MAX_LAGGARDS))
    if unreachable:
        names_shown = joined(lang, unreachable[:MAX_UNREACHABLE])
        if len(unreachable) > MAX_UNREACHABLE:
            names_shown += th(lang, "scheduler.and_more", count=len(unreachable) - MAX_UNREACHABLE)
        lines.append(th(lang, "scheduler.unreachable", names=names_shown))
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
    lang: str, campaign: Campaign, milestone: Milestone, tree: OrgTree, unit_code: str, behind: Sequence[Standing]
) -> list[str]:
    lines = [
        th(
            lang,
            "scheduler.missed_header",
            unit=tree.unit(unit_code).name,
            percent=milestone.percent,
            count=len(behind),
        )
    ]
    for s in behind:
        short = joined(lang, (f"{campaign.task_name(ts.task)} {ts.done}/{ts.target}" for ts in s.tasks if ts.remaining))
        lines.append(th(lang, "scheduler.missed_line", name=display_name(tree, s.assignee), needs=short))
    return chunks(lines)
