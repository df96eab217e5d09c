"""Only repositories touch the database; only services open transactions.

The Telegram adapter (bot/chat, composition root included), its handlers, the command line and the
scheduler sit above the services: they may call services, never a repository, a database connection
or a transaction of their own. (ruff's TID251 says the same at lint time; this test says it where
the tests are read.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.unit.imports import imported, within

ROOT = Path(__file__).parents[2]
ABOVE_SERVICES = [ROOT / "bot" / "chat", ROOT / "bot" / "handlers", ROOT / "bot" / "cli", ROOT / "scheduler"]
FORBIDDEN = {"bot.storage", "aiosqlite", "sqlite3"}
MODULES = sorted(p for folder in ABOVE_SERVICES for p in folder.rglob("*.py"))


def test_every_layer_above_the_services_is_checked() -> None:
    assert {p.parent.name for p in MODULES} == {"chat", "handlers", "cli", "scheduler"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_above_the_services_neither_imports_storage_nor_opens_a_transaction(path: Path) -> None:
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):  # every import, also those inside functions or `if TYPE_CHECKING:`
        for name in imported(node):
            assert not within(name, FORBIDDEN), f"{path.relative_to(ROOT)} imports {name}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr != "transaction", f"{path.relative_to(ROOT)}:{node.lineno} opens a transaction"
