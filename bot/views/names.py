"""What people call an assignee, and how a list of names or counts is joined in each language."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.model import Assignee, AssigneeKind
from bot.domain.tree import OrgTree
from bot.texts import t


def display_name(tree: OrgTree, assignee: Assignee) -> str:
    """The unit's or the member's display name, never the code."""
    if assignee.kind is AssigneeKind.UNIT:
        return tree.unit(assignee.key).name
    return tree.member(assignee.key).name


def joined(lang: str, parts: Iterable[str]) -> str:
    """A list run into one line with the language's separator (、 in Chinese, a comma in English).
    Not escaped: the parts go into th() as a parameter, or are already HTML."""
    return t(lang, "views.list_sep").join(parts)
