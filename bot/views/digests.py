"""A leader's reminder digest, from the catalogue: the unit's forecast, laggards, who cannot be reached,
rules not yet met, the review backlog and notifications that went wrong.

It returns the messages to send, none over Telegram's limit (a longer one is refused with 400 and the
notification would be stored `failed`). A list that grows with the roster is either capped with
"… and N more" (the laggards, per level: /laggards shows them all; the unreachable: one line, which
`chunks` never splits) or split over several messages (the problems: each is told here only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain.forecast import Forecast
from bot.domain.model import Campaign, Milestone
from bot.domain.standing import RuleViolation, Standing
from bot.domain.tree import OrgTree
from bot.domain.warnings import WarningLevel
from bot.texts import t, th
from bot.views import forecast as forecasts
from bot.views.dates import due_time, short_moment
from bot.views.names import display_name, joined
from bot.views.notices import rule_lines
from bot.views.numbers import both_counts, counting_legend
from bot.views.sizing import chunks
from bot.views.standing import laggard_lines, needs, status

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
    own: Standing | None = None,
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
    if own is not None:  # the leader's own unit: what it still needs, ahead of pace or not — not a laggard
        lines.append(own_unit_line(lang, campaign, milestone, tree, own))
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


def own_unit_line(lang: str, campaign: Campaign, milestone: Milestone, tree: OrgTree, own: Standing) -> str:
    """The leader's own unit, short of the checkpoint's target: what it still needs and its pace status,
    on a line of its own (the laggard list below is the laggard rule's, and the unit may be ahead)."""
    return th(
        lang,
        "scheduler.digest_own_unit",
        unit=display_name(tree, own.assignee),
        percent=milestone.percent,
        needs=needs(lang, campaign, own),
        status=status(lang, own),
    ) + both_counts(lang, campaign, own.raw_verified, own.raw_reported)
