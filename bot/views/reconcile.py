"""Every text of 核查 (issue 11 §4): a file's problems, the discrepancies beyond tolerance (worst first,
capped), a unit leader's notice, and the checked counts beside reported and verified."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from bot.domain.model import Assignee, Campaign
from bot.domain.reconcile import Issue, Line
from bot.render.sheets.checks import CheckRow
from bot.texts import th
from bot.views.dates import day_text
from bot.views.numbers import signed
from bot.views.sizing import chunks

PROBLEMS_SHOWN = 25  # a file with thousands of problems would otherwise take dozens of messages
LINES_SHOWN = 15


def issue_text(lang: str, issue: Issue) -> str:
    """`核查!A3: 您可核查的范围内没有单位或人员“七星村”。` — HTML-escaped: every name in it is data."""
    params = dict(issue.params)
    if isinstance(params.get("column"), str) and params["column"] in _COLUMNS:
        params["column"] = th(lang, f"reconcile.column.{params['column']}")
    params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    where = f"{html.escape(issue.location)}: " if issue.location else ""
    return where + th(lang, issue.key, **params)


_COLUMNS = ("assignee", "task", "checked", "source", "as_of")


def problem_texts(lang: str, issues: Sequence[Issue]) -> list[str]:
    lines = [th(lang, "reconcile.problems_header", count=len(issues))]
    lines += [f"• {issue_text(lang, i)}" for i in issues[:PROBLEMS_SHOWN]]
    if len(issues) > PROBLEMS_SHOWN:
        lines.append(th(lang, "reconcile.more_problems", count=len(issues) - PROBLEMS_SHOWN))
    return chunks(lines)


def line_text(lang: str, campaign: Campaign, line: Line, name: str) -> str:
    return th(
        lang,
        "reconcile.line",
        name=name,
        task=campaign.task_name(line.task),
        reported=line.reported,
        checked=line.checked,
        difference=signed(line.difference),
    )


def _listed(lang: str, campaign: Campaign, lines: Sequence[Line], names: Mapping[Assignee, str]) -> list[str]:
    out = [line_text(lang, campaign, ln, names.get(ln.assignee, ln.assignee.key)) for ln in lines[:LINES_SHOWN]]
    if len(lines) > LINES_SHOWN:
        out.append(th(lang, "reconcile.more", count=len(lines) - LINES_SHOWN))
    return out


def result_texts(
    lang: str,
    campaign: Campaign,
    source: str,
    as_of: date,
    rows: int,
    worst: Sequence[Line],
    names: Mapping[Assignee, str],
) -> list[str]:
    """The uploader's reply: the discrepancies beyond tolerance, worst first, or 全部一致."""
    when = day_text(lang, as_of)
    if not worst:
        return [th(lang, "reconcile.all_match", source=source, date=when, rows=rows)]
    header = th(lang, "reconcile.result_header", source=source, date=when, rows=rows, count=len(worst))
    return chunks([header, *_listed(lang, campaign, worst, names)])


def notice_text(
    lang: str,
    campaign: Campaign,
    who: str | None,
    source: str,
    as_of: date,
    lines: Sequence[Line],
    names: Mapping[Assignee, str],
) -> str:
    """A unit leader's private notice: their unit's rows beyond tolerance."""
    header = th(
        lang,
        "reconcile.notice_header",
        who=who if who is not None else th(lang, "reconcile.operator"),
        campaign=campaign.name,
        source=source,
        date=day_text(lang, as_of),
        count=len(lines),
    )
    return "\n".join([header, *_listed(lang, campaign, lines, names)])


def checked_texts(lang: str, rows: Sequence[CheckRow]) -> list[str]:
    """/progress's 核查 section: the latest checked count beside reported and verified; [] when none."""
    if not rows:
        return []
    lines = [th(lang, "reconcile.progress_header")]
    for r in rows[:LINES_SHOWN]:
        lines.append(th(lang, "reconcile.progress_line", name=r.name, task=r.task, reported=r.reported,
                        verified=r.verified, checked=r.checked, source=r.source, date=day_text(lang, r.as_of),
                        difference=signed(r.difference)))  # fmt: skip
    if len(rows) > LINES_SHOWN:
        lines.append(th(lang, "reconcile.more", count=len(rows) - LINES_SHOWN))
    return chunks(lines)


def plain(texts: Iterable[str]) -> str:
    """The command line's output: the chat's texts without their HTML."""
    return html.unescape("\n".join(texts))
