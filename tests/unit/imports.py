"""What a module imports, read from its syntax tree: shared by the tests that keep the layers apart
(test_purity, test_layers, test_views_only). Nested and TYPE_CHECKING imports are nodes like any other."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator


def imported(node: ast.AST) -> list[str]:
    """The modules one node imports; `from bot import storage` names `bot.storage` too."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return []


def imports_of(source: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(source)):
        yield from imported(node)


def within(name: str, packages: Iterable[str]) -> bool:
    """`name` is one of `packages` or inside one of them."""
    return any(name == p or name.startswith(p + ".") for p in packages)
