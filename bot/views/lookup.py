"""Names, not codes (SPEC §3.1): the units and tasks a leader may name, a choice between namesakes,
and the report example every how-to line shows, taken from the running campaign."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.model import TaskType
from bot.domain.tree import OrgTree
from bot.texts import LANGUAGES, t, th
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


def _word(tasks: Sequence[TaskType]) -> str:
    """How people name the campaign's first task: its first alias, else its name."""
    if not tasks:
        return "visit"
    return tasks[0].aliases[0] if tasks[0].aliases else tasks[0].name


def assign_example(lang: str, tasks: Sequence[TaskType], unit: str | None) -> str:
    """`/assign 七岭村 植树 40`: a unit the leader may name and the campaign's first task."""
    return f"/assign {unit or th(lang, 'views.example_unit')} {_word(tasks)} 40"


def split_example(tasks: Sequence[TaskType]) -> str:
    return f"/split {_word(tasks)} even"


def report_for_example(lang: str, tasks: Sequence[TaskType]) -> str:
    return f"/report_for {th(lang, 'views.example_name')} {report_example(lang, tasks[:1])}"


def help_text(lang: str, key: str, tasks: Sequence[TaskType], unit: str | None) -> str:
    """/help for a role, its examples in the campaign's own words."""
    return th(
        lang,
        key,
        example=report_example(lang, tasks),
        assign_example=assign_example(lang, tasks, unit),
        split_example=split_example(tasks),
        report_for_example=report_for_example(lang, tasks),
    )


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


def language_name(code: str) -> str:
    """A language by its own name (中文, English), as people pick it, never its code."""
    return t(code, "lang.name")


def language_choices(lang: str) -> tuple[str, ...]:
    """Every language by name, with the command that picks it: 中文（/lang zh）, English (/lang en)."""
    return tuple(t(lang, "lang.choice", name=language_name(code), code=code) for code in LANGUAGES)
