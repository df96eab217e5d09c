"""Standings as people read them: /me, /progress and /laggards, and the task lines they share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import partial

from bot.domain.forecast import Forecast
from bot.domain.laggards import Silent, by_level
from bot.domain.leave import Leave
from bot.domain.model import AssigneeKind, Campaign, Milestone, TaskType, Unit
from bot.domain.ranking import Position, RankedRow
from bot.domain.standing import Standing
from bot.domain.tree import OrgTree
from bot.domain.warnings import WarningLevel
from bot.texts import t, th
from bot.views import forecast as forecasts
from bot.views import silence
from bot.views.children import children_lines
from bot.views.dates import due_text
from bot.views.leave import away_lines, own_line
from bot.views.names import display_name, joined
from bot.views.numbers import both_counts, counting_legend, pct, reported, signed_points
from bot.views.pace import pace
from bot.views.sizing import chunks
from bot.views.warnings import mark


def status(lang: str, standing: Standing) -> str:
    return th(lang, f"status.{standing.status.value}")


def standing_lines(lang: str, campaign: Campaign, standing: Standing) -> list[str]:
    """Per task: done / quota, target of the next milestone, what remains and per day."""
    lines = []
    for ts in standing.tasks:
        task = campaign.task(ts.task)
        name, unit = (task.name, task.unit) if task else (ts.task, "")
        both = both_counts(lang, campaign, ts.verified, ts.reported)
        if not ts.quota:  # reported without a quota: there is no target to be short of
            lines.append(
                th(
                    lang,
                    "views.task_line_no_quota",
                    task=name,
                    done=reported(campaign, ts.done, ts.reported),
                    unit=unit,
                )
                + both
            )
            continue
        key = "views.task_line" if ts.remaining else "views.task_line_met"
        lines.append(
            th(
                lang,
                key,
                task=name,
                done=ts.done,
                quota=ts.quota,
                unit=unit,
                target=ts.target,
                remaining=ts.remaining,
                pace=pace(lang, campaign, ts),
            )
            + both
        )
    return lines


def row_line(lang: str, campaign: Campaign, rank: int, name: str, standing: Standing) -> str:
    """One child in a ranking: rank, name, completion, done/quota and status (and both numbers)."""
    both = both_counts(lang, campaign, standing.raw_verified, standing.raw_reported)
    if standing.completion is None:  # no quota: not ranked, but what was reported still shows
        done = reported(campaign, standing.raw_done, standing.raw_reported)
        return th(lang, "views.child_line_no_quota", name=name, done=done) + both
    return (
        th(
            lang,
            "views.child_line",
            rank=rank,
            name=name,
            completion=pct(standing.completion),
            done=standing.raw_done,
            quota=standing.raw_quota,
            status=status(lang, standing),
        )
        + both
    )


def me(
    lang: str,
    campaign: Campaign,
    name: str,
    standing: Standing,
    position: Position | None,
    forecast: Sequence[tuple[str, Forecast]] = (),
    leave: Leave | None = None,
) -> str:
    """/me: own completion, one's leave under way or coming, each task, its forecast, the next milestone
    and the rank among the unit's members."""
    lines = [
        th(
            lang,
            "views.me_header",
            name=name,
            campaign=campaign.name,
            completion=pct(standing.completion),
            expected=pct(standing.expected),
            status=status(lang, standing),
        )
    ]
    lines += [own_line(lang, leave)] if leave is not None else []
    lines += standing_lines(lang, campaign, standing)
    lines += forecasts.lines(lang, campaign, forecast)
    if standing.next_milestone is not None:
        lines.append(
            th(
                lang,
                "views.next_milestone",
                percent=standing.next_milestone.percent,
                due=due_text(campaign, lang, standing.next_milestone.due),
            )
        )
    if position is not None:
        lines.append(th(lang, "views.rank_in_unit", rank=position.rank, total=position.of))
    lines += counting_legend(lang, campaign)
    return "\n".join(lines)


def progress(
    lang: str,
    campaign: Campaign,
    tree: OrgTree,
    unit: Unit,
    standing: Standing,
    unassigned: Sequence[tuple[TaskType, int]],
    ranked: Sequence[RankedRow],
    unquoted: Sequence[Standing],
    forecast: Sequence[tuple[str, Forecast]] = (),
) -> list[str]:
    """/progress: the unit's completion and pace, each task and its forecast, what is not yet handed
    down, and its children ranked (those without a quota after them, unranked). One or more messages."""
    lines = [
        th(
            lang,
            "views.progress_header",
            unit=unit.name,
            campaign=campaign.name,
            completion=pct(standing.completion),
            expected=pct(standing.expected),
            pace=signed_points(standing.pace),
            status=status(lang, standing),
        )
    ]
    lines += counting_legend(lang, campaign)
    lines += standing_lines(lang, campaign, standing)
    lines += forecasts.lines(lang, campaign, forecast)
    lines += [th(lang, "views.unassigned", task=t.name, count=n, unit=t.unit) for t, n in unassigned if n > 0]
    lines += children_lines(lang, tree, ranked, unquoted, partial(row_line, lang, campaign))
    return chunks(lines)


def laggards(
    lang: str,
    campaign: Campaign,
    tree: OrgTree,
    milestone: Milestone | None,
    behind: Sequence[Standing],
    silent: Sequence[Silent] | None = None,
    warned: Mapping[str, WarningLevel] | None = None,
    away: Sequence[tuple[str, date]] = (),
) -> list[str]:
    """/laggards: who is behind pace and what each still needs for the next milestone, and who would
    be but is on leave (`away`: name, last day); then, given `silent` (who sent nothing today), who
    has not reported today and for days. `warned`: members' graduated warning levels, marked before
    their names."""
    if milestone is None:
        return [th(lang, "views.no_open_milestone")]
    due = due_text(campaign, lang, milestone.due)
    lines = [th(lang, "views.laggards_header", count=len(behind), percent=milestone.percent, due=due)]
    lines += counting_legend(lang, campaign)
    lines += laggard_lines(lang, campaign, tree, behind, warned=warned)
    if not behind:
        lines.append(th(lang, "views.no_laggards"))
    lines += away_lines(lang, away)
    if silent is not None:
        lines += ["", *silence.section(lang, tree, silent)]
    return chunks(lines)


def laggard_lines(
    lang: str,
    campaign: Campaign,
    tree: OrgTree,
    behind: Sequence[Standing],
    limit: int | None = None,
    warned: Mapping[str, WarningLevel] | None = None,
) -> list[str]:
    """A laggard list by level (towns, villages, …, then people), a header with its count before each
    group; with `limit`, at most that many lines per group and "… and N more" for the rest."""
    lines = []
    for group in by_level(tree, behind):
        shown = group.standings if limit is None else group.standings[:limit]
        lines.append(th(lang, "views.laggards_group", level=level_name(lang, group.level), count=len(group.standings)))
        lines += [laggard_line(lang, campaign, tree, s, _mark(s, warned)) for s in shown]
        if len(shown) < len(group.standings):
            lines.append(th(lang, "scheduler.and_more", count=len(group.standings) - len(shown)))
    return lines


def level_name(lang: str, level: str | None) -> str:
    """A group's heading: the catalogue's word for a common level (town → 乡镇 / Towns), a level that is
    only a depth as "level 2", any other level as the plan names it; None is the people."""
    if level is None:
        return t(lang, "views.level_people")
    if level.isdigit():
        return t(lang, "views.level_depth", depth=level)
    key = f"level.{level.lower()}"
    named = t(lang, key)
    return level if named == key else named


def _mark(standing: Standing, warned: Mapping[str, WarningLevel] | None) -> str:
    """🟨 / 🟥 / 📢 and a space before a member's name, by their graduated warning (issue 11 §5)."""
    if not warned or standing.assignee.kind is not AssigneeKind.MEMBER:
        return ""
    found = mark(warned.get(standing.assignee.key, WarningLevel.NONE))
    return f"{found} " if found else ""


def laggard_line(lang: str, campaign: Campaign, tree: OrgTree, standing: Standing, prefix: str = "") -> str:
    """One entry of every laggard list (/laggards, digests): who, what they still need, how far behind."""
    return th(
        lang,
        "views.laggard_line",
        name=prefix + display_name(tree, standing.assignee),
        needs=needs(lang, campaign, standing),
        status=status(lang, standing),
    ) + both_counts(lang, campaign, standing.raw_verified, standing.raw_reported)


def needs(lang: str, campaign: Campaign, standing: Standing) -> str:
    """What is still needed for the milestone in view, per task: 走访 3、体检 2 / visits 3, checkups 2."""
    return joined(lang, (f"{campaign.task_name(ts.task)} {ts.remaining}" for ts in standing.tasks if ts.remaining > 0))
