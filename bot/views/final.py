"""After the deadline (SPEC §3.3, §5): /me and /progress show the final results — done of quota, met
or missed — instead of what is still needed per day, which no one can do any more; and the final
summary bulletin that closes the campaign in its groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from bot.domain.model import AssigneeKind, Campaign, Unit
from bot.domain.ranking import Position, RankedRow
from bot.domain.standing import Standing
from bot.domain.tree import OrgTree
from bot.texts import th
from bot.views.bulletins import LeafFacts, leaf_members
from bot.views.children import children_lines
from bot.views.dates import due_time, moment
from bot.views.names import display_name, joined
from bot.views.numbers import fraction, pct
from bot.views.sizing import chunks


def result(lang: str, standing: Standing) -> str:
    """The whole of an assignee's quotas: every one met, some missed, or none set."""
    if not standing.raw_quota:
        return th(lang, "final.no_quota")
    return th(lang, "final.all_met" if standing.milestone_met else "final.not_all_met")


def task_lines(lang: str, campaign: Campaign, standing: Standing) -> list[str]:
    """Per task: the final count against the quota, met, or how many short."""
    lines = []
    for ts in standing.tasks:
        task = campaign.task(ts.task)
        name, unit = (task.name, task.unit) if task else (ts.task, "")
        if not ts.quota:
            lines.append(th(lang, "views.task_line_no_quota", task=name, done=ts.done, unit=unit))
            continue
        short = max(0, ts.quota - ts.done)
        key = "final.task_missed" if short else "final.task_met"
        lines.append(th(lang, key, task=name, done=ts.done, quota=ts.quota, unit=unit, remaining=short))
    return lines


def _header(lang: str, key: str, campaign: Campaign, standing: Standing, **who: str) -> str:
    return th(
        lang,
        key,
        campaign=campaign.name,
        end=due_time(campaign, lang, campaign.end),
        completion=pct(standing.completion),
        done=standing.raw_done,
        quota=standing.raw_quota,
        result=result(lang, standing),
        **who,
    )


def me(lang: str, campaign: Campaign, name: str, standing: Standing, position: Position | None) -> str:
    """/me after the deadline: the campaign ended, the final count per task, the final rank in the unit."""
    lines = [_header(lang, "final.me_header", campaign, standing, name=name)]
    lines += task_lines(lang, campaign, standing)
    if position is not None:
        lines.append(th(lang, "views.rank_in_unit", rank=position.rank, total=position.of))
    return "\n".join(lines)


def child_line(lang: str, rank: int, name: str, standing: Standing) -> str:
    """One child in the final ranking: completion, done/quota and whether every quota was met."""
    if standing.completion is None:
        return th(lang, "views.child_line_no_quota", name=name, done=standing.raw_done)
    return th(
        lang,
        "final.child_line",
        rank=rank,
        name=name,
        completion=pct(standing.completion),
        done=standing.raw_done,
        quota=standing.raw_quota,
        mark=th(lang, "bulletin.met" if standing.milestone_met else "bulletin.missed"),
    )


def progress(
    lang: str,
    campaign: Campaign,
    tree: OrgTree,
    unit: Unit,
    standing: Standing,
    ranked: Sequence[RankedRow],
    unquoted: Sequence[Standing],
) -> list[str]:
    """/progress after the deadline: the unit's final result, each task, its children's final ranking."""
    lines = [_header(lang, "final.progress_header", campaign, standing, unit=unit.name)]
    lines += task_lines(lang, campaign, standing)
    lines += children_lines(lang, tree, ranked, unquoted, partial(child_line, lang))
    return chunks(lines)


@dataclass(frozen=True, slots=True)
class FinalFacts:
    """What the final summary bulletin says, as domain values; every standing against the quotas."""

    campaign: Campaign
    unit: Unit
    at: datetime
    overall: Standing
    ranked: Sequence[RankedRow]  # units of the next level, or members where naming is enabled
    unquoted: Sequence[Standing]
    praised: Sequence[Standing]  # the top of those who met every quota
    leaf: LeafFacts | None  # a village: how many of its members met their quotas


def bulletin_title(lang: str, facts: FinalFacts) -> str:
    return th(lang, "final.title", campaign=facts.campaign.name, unit=facts.unit.name)


def bulletin_lines(lang: str, tree: OrgTree, facts: FinalFacts) -> list[str]:
    campaign, overall = facts.campaign, facts.overall
    totals = (f"{campaign.task_name(ts.task)} {fraction(ts.done, ts.quota)}" for ts in overall.tasks if ts.quota)
    out = [
        f"<b>{bulletin_title(lang, facts)}</b>",
        th(lang, "bulletin.date", date=moment(campaign, facts.at), unit=facts.unit.name),
        th(lang, "final.bulletin_ended", end=due_time(campaign, lang, campaign.end)),
        th(
            lang,
            "final.bulletin_overall",
            done=overall.raw_done,
            quota=overall.raw_quota,
            completion=pct(overall.completion),
            result=result(lang, overall),
        ),
        th(lang, "final.totals", tasks=joined(lang, totals)),
    ]
    if facts.ranked:
        met = sum(1 for r in facts.ranked if r.standing.milestone_met)
        members = facts.ranked[0].standing.assignee.kind is AssigneeKind.MEMBER
        out.append(th(lang, "final.members_met" if members else "final.units_met", met=met, total=len(facts.ranked)))
    if facts.ranked or facts.unquoted:
        out.append(th(lang, "bulletin.ranking_header"))
    out += [_row(lang, tree, campaign, r) for r in facts.ranked]
    out += [
        th(lang, "views.child_line_no_quota", name=display_name(tree, s.assignee), done=s.raw_done)
        for s in facts.unquoted
    ]
    if facts.leaf is not None:
        out.append(leaf_members(lang, facts.leaf))
    if facts.praised:
        names = joined(lang, (display_name(tree, s.assignee) for s in facts.praised))
        out.append(th(lang, "bulletin.praise", names=names))
    return out


def _row(lang: str, tree: OrgTree, campaign: Campaign, row: RankedRow) -> str:
    s = row.standing
    per_task = " ".join(f"{campaign.task_name(ts.task)}{fraction(ts.done, ts.quota)}" for ts in s.tasks if ts.quota)
    return th(
        lang,
        "bulletin.row",
        rank=row.rank,
        name=display_name(tree, s.assignee),
        completion=pct(s.completion),
        tasks=per_task,
        mark=th(lang, "bulletin.met" if s.milestone_met else "bulletin.missed"),
    )
