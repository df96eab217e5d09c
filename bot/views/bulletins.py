"""A progress bulletin's text (SPEC §3.3): title, date and scope, overall line, next milestone,
ranking, praise, most improved and warnings. The bulletin service decides who is ranked, praised
and warned; this says it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.model import Assignee, Campaign, Milestone, Unit
from bot.domain.ranking import RankedRow
from bot.domain.standing import Standing, TaskStanding
from bot.domain.tree import OrgTree
from bot.texts import th
from bot.views.dates import due_text, moment
from bot.views.names import display_name, joined
from bot.views.numbers import both_counts, counting_legend, pct, points, reported


@dataclass(frozen=True, slots=True)
class LeafFacts:
    """A lowest-level unit (a village: no units below it) speaks for itself: its own progress per
    task against the milestone in view, and how many of its members are on target."""

    milestone: Milestone | None  # whose targets these are; None: the full quotas
    tasks: Sequence[TaskStanding]
    on_target: int  # members with a quota of their own who meet its targets
    behind: int  # members with a quota of their own who do not
    no_quota: int  # cadres without a quota of their own


@dataclass(frozen=True, slots=True)
class BulletinFacts:
    """What one bulletin says, as domain values."""

    campaign: Campaign
    unit: Unit
    at: datetime
    overall: Standing
    checkpoint: Milestone | None  # a checkpoint bulletin marks each row met or missed
    upcoming: Milestone | None
    ranked: Sequence[RankedRow]
    unquoted: Sequence[Standing]  # listed after the ranking: nothing to rank them by
    missed: Collection[Assignee]  # who missed the checkpoint
    praised: Sequence[Standing]
    improved: Standing | None
    gain: float  # the most improved's gain in points since the previous bulletin
    warned: Sequence[Standing]
    leaf: LeafFacts | None = None  # a unit with no units below it: its own per-task progress


def title(lang: str, facts: BulletinFacts) -> str:
    checkpoint = facts.checkpoint
    return th(
        lang,
        "bulletin.title_checkpoint" if checkpoint else "bulletin.title",
        campaign=facts.campaign.name,
        unit=facts.unit.name,
        percent=checkpoint.percent if checkpoint else 0,
    )


def lines(lang: str, tree: OrgTree, facts: BulletinFacts) -> list[str]:
    campaign, overall = facts.campaign, facts.overall
    out = [
        f"<b>{title(lang, facts)}</b>",
        th(lang, "bulletin.date", date=moment(campaign, facts.at), unit=facts.unit.name),
        th(
            lang,
            "bulletin.overall",
            done=overall.raw_done,
            quota=overall.raw_quota,
            completion=pct(overall.completion),
            expected=pct(overall.expected),
        )
        + both_counts(lang, campaign, overall.raw_verified, overall.raw_reported),
        *counting_legend(lang, campaign),
    ]
    if facts.upcoming is not None:
        due = due_text(campaign, lang, facts.upcoming.due)
        out.append(th(lang, "bulletin.next_milestone", percent=facts.upcoming.percent, due=due))
    if facts.leaf is not None:
        out += leaf_lines(lang, campaign, facts.leaf)
    if facts.ranked or facts.unquoted:
        out.append(th(lang, "bulletin.ranking_header"))
    out += [_row(lang, tree, facts, r.rank, r.standing) for r in facts.ranked]
    out += [
        th(
            lang,
            "views.child_line_no_quota",
            name=display_name(tree, s.assignee),
            done=reported(campaign, s.raw_done, s.raw_reported),
        )
        + both_counts(lang, campaign, s.raw_verified, s.raw_reported)
        for s in facts.unquoted
    ]
    if facts.praised:
        names = joined(lang, (display_name(tree, s.assignee) for s in facts.praised))
        out.append(th(lang, "bulletin.praise", names=names))
    if facts.improved is not None:
        name = display_name(tree, facts.improved.assignee)
        out.append(th(lang, "bulletin.most_improved", name=name, gain=points(facts.gain)))
    out += [
        th(lang, "bulletin.warning", name=display_name(tree, s.assignee), gap=points(-s.pace)) for s in facts.warned
    ]
    return out


def _row(lang: str, tree: OrgTree, facts: BulletinFacts, position: int, s: Standing) -> str:
    per_task = " ".join(f"{facts.campaign.task_name(ts.task)}{ts.done}/{ts.quota}" for ts in s.tasks if ts.quota)
    mark = ""
    if facts.checkpoint is not None:
        mark = th(lang, "bulletin.missed" if s.assignee in facts.missed else "bulletin.met")
    return th(
        lang,
        "bulletin.row",
        rank=position,
        name=display_name(tree, s.assignee),
        completion=pct(s.completion),
        tasks=per_task,
        mark=mark,
    ).rstrip() + both_counts(lang, facts.campaign, s.raw_verified, s.raw_reported)  # no mark: no gap


def leaf_lines(lang: str, campaign: Campaign, leaf: LeafFacts) -> list[str]:
    """A village's own progress: per task done / target (% of the target), then its members."""
    if leaf.milestone is not None:
        out = [th(lang, "bulletin.leaf_header", percent=leaf.milestone.percent)]
    else:
        out = [th(lang, "bulletin.leaf_header_quota")]
    for ts in leaf.tasks:
        if not ts.quota:
            continue
        task = campaign.task(ts.task)
        out.append(
            th(
                lang,
                "bulletin.leaf_task",
                task=campaign.task_name(ts.task),
                done=ts.done,
                target=ts.target,
                unit=task.unit if task else "",
                pct=pct(ts.done / ts.target if ts.target else None),
                mark=th(lang, "bulletin.leaf_met") if not ts.remaining else "",
            )
        )
    out.append(leaf_members(lang, leaf))
    return out


def leaf_members(lang: str, leaf: LeafFacts) -> str:
    """How many of a village's members are on target, behind, or without a quota of their own."""
    line = th(lang, "bulletin.leaf_members", on_target=leaf.on_target, behind=leaf.behind)
    return line + (th(lang, "bulletin.leaf_no_quota", count=leaf.no_quota) if leaf.no_quota else "")
