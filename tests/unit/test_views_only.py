"""Every text a user sees is composed in bot/views: handlers, services, the chat adapter, the command
line and the scheduler format no number,
date or list themselves, and the views depend on domain values only (never on storage or Telegram).

Handlers and the scheduler may still build keys and identifiers with plain f-strings ("m{id}",
"^{prefix}"); what they may not do is decide how a value *reads*: a format spec (`:.1f`, `:+d`,
`:%H:%M`, `:,`), %-formatting, strftime, str.format, or a hard-coded list separator or date word.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.imports import imports_of, within

ROOT = Path(__file__).parents[2]
# Everything that hands texts to users, apart from the views themselves. Not scanned: the domain (its
# parser's separators and words are data it reads, not text it writes), the renderers (axis labels drawn
# into a picture) and the demo's narration printed to the developer's terminal.
CALLERS = sorted(
    p
    for folder in ("bot/handlers", "bot/services", "bot/chat", "bot/cli", "scheduler")
    for p in (ROOT / folder).glob("*.py")
    if p.name != "demo.py"
)
VIEWS = sorted((ROOT / "bot" / "views").glob("*.py"))
# Words that belong to the catalogue: the zh list separator and date words.
CATALOGUE_WORDS = ("、", "月", "日")
VIEWS_MUST_NOT_IMPORT = (
    "bot.storage",
    "bot.services",
    "bot.handlers",
    "bot.chat",
    "telegram",
    "aiosqlite",
    "scheduler",
)


def _docstrings(tree: ast.Module) -> set[int]:
    """Ids of the docstring constants (they may quote a sample message, e.g. 12月5日)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def formatting(source: str) -> Iterator[str]:
    """Each place `source` decides how a number, date or list reads."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            yield f"{where}: format spec in an f-string"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _text(node.left) is not None:
            yield f"{where}: %-formatting"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("strftime", "format"):
                yield f"{where}: .{node.func.attr}()"
        elif (text := _text(node)) and id(node) not in docstrings and any(w in text for w in CATALOGUE_WORDS):
            yield f"{where}: {text!r} belongs in the catalogue"


def test_the_scan_sees_each_kind_of_formatting() -> None:
    """The scan itself: each way of formatting a value is found, keys and identifiers are not."""
    found = list(
        formatting(
            'a = f"{x * 100:.1f}%"\n'
            'b = f"{d:%H:%M}"\n'
            'c = "%d done" % n\n'
            'd = when.strftime("%m-%d")\n'
            'e = "{} done".format(n)\n'
            'f = "、".join(names)\n'
            'g = f"{m}月{d}日"\n'
        )
    )
    assert sorted(int(f.split(":")[0].removeprefix("line ")) for f in found) == [1, 2, 3, 4, 5, 6, 7, 7]
    keys = 'k = f"m{member.id}"\nlog.info("%d sent", n)\nr = 7 % 3\ndef ack():\n    """12月5日"""\n'
    assert list(formatting(keys)) == []


@pytest.mark.parametrize("path", CALLERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_handlers_services_and_the_scheduler_leave_formatting_to_the_views(path: Path) -> None:
    assert list(formatting(path.read_text())) == [], f"{path.name}: format in bot/views instead"


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_views_depend_on_domain_values_only(path: Path) -> None:
    """Also under TYPE_CHECKING: a view names domain values or its own small dataclasses."""
    for name in imports_of(path.read_text()):
        assert not within(name, VIEWS_MUST_NOT_IMPORT), f"{path.name} imports {name}"
