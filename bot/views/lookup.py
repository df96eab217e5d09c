"""Names, not codes (SPEC §3.1): the units and tasks a leader may name, a choice between namesakes,
and the report example every how-to line shows, taken from the running campaign."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.model import TaskType, Unit
from bot.domain.tree import OrgTree
from bot.texts import th
from bot.views.names import joined
from bot.views.sizing import chunks

EXAMPLE_COUNTS = (5, 3)  # small: an example must never look like a target


def report_example(lang: str, tasks: Sequence[TaskType]) -> str:
    """`走访5 体检3` in the words of the campaign: its first tasks' first alias (or name) and a small
    count; a campaign without tasks gets the catalogue's generic example."""
    words = [t.aliases[0] if t.aliases else t.name for t in tasks[: len(EXAMPLE_COUNTS)]]
    if not words:
        return th(lang, "views.example_report_generic")
    pairs = zip(words, EXAMPLE_COUNTS, strict=False)
    return " ".join(th(lang, "views.example_item", word=w, count=n) for w, n in pairs)


def assign_example(tasks: Sequence[TaskType], unit: Unit | None) -> str:
    """`/assign 七岭村 走访 40` with a unit the leader may name and the campaign's first task."""
    task = tasks[0] if tasks else None
    word = (task.aliases[0] if task.aliases else task.name) if task else "visit"
    return f"/assign {unit.name if unit else 'ql'} {word} 40"


def units(lang: str, tree: OrgTree, home: str | None) -> list[str]:
    """The units in scope as a tree: name and code, children indented under their parent."""
    roots = [home] if home is not None else [u.code for u in tree.roots()]
    lines = [th(lang, "lookup.units_header")]
    for root in roots:
        top = tree.depth(root)
        for code in tree.subtree_unit_codes(root):
            unit = tree.unit(code)
            indent = "\u3000" * (tree.depth(code) - top)
            lines.append(indent + th(lang, "lookup.unit_line", name=unit.name, code=unit.code))
    return chunks(lines)


def tasks(lang: str, task_types: Sequence[TaskType]) -> list[str]:
    """Every task: display name, key, and the aliases a report or a command may use."""
    lines = [th(lang, "lookup.tasks_header")]
    for task in task_types:
        others = tuple(a for a in task.aliases if a not in (task.name, task.key))
        key = "lookup.task_line" if others else "lookup.task_line_no_alias"
        lines.append(th(lang, key, name=task.name, code=task.key, aliases=joined(lang, others), unit=task.unit))
    return chunks(lines)
