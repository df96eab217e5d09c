"""A unit's children as /progress lists them, while the campaign runs (bot/views/standing.py) and after
its deadline (bot/views/final.py): the same order and header, each with the line of its moment."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.domain.ranking import RankedRow
from bot.domain.standing import Standing
from bot.domain.tree import OrgTree
from bot.texts import th
from bot.views.names import display_name

Line = Callable[[int, str, Standing], str]  # rank (0: unranked), display name, standing → one line


def children_lines(
    lang: str, tree: OrgTree, ranked: Sequence[RankedRow], unquoted: Sequence[Standing], line: Line
) -> list[str]:
    """Under one header, the ranked children in rank order, then those without a quota (not ranked);
    nothing at all for a unit without children."""
    if not ranked and not unquoted:
        return []
    lines = [th(lang, "views.children_header")]
    lines += [line(r.rank, display_name(tree, r.standing.assignee), r.standing) for r in ranked]
    return lines + [line(0, display_name(tree, s.assignee), s) for s in unquoted]
