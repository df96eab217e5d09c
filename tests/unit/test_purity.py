"""The domain core stays pure: no Telegram, database, files, network or other I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.unit.imports import imported, within

DOMAIN = Path(__file__).parents[2] / "bot" / "domain"
FORBIDDEN = {
    "telegram",
    "aiosqlite",
    "aiohttp",
    "sqlite3",
    "openpyxl",
    "yaml",
    "matplotlib",
    "httpx",
    "os",
    "pathlib",
    "socket",
    "subprocess",
    "asyncio",
    "bot.storage",
    "bot.services",
    "bot.handlers",
}


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_nothing_that_does_io(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        for name in imported(node):
            assert not within(name, FORBIDDEN), f"{path.name} imports {name}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"open", "print", "input"}, f"{path.name} calls {node.func.id}()"
