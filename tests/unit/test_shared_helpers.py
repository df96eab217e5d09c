"""A test module imports no other test module: a world or helper that several tests share lives in a
module of its own (tests/unit/worlds.py, plan_books.py, plan_problems.py), so running, moving or
deleting one test file never changes what another one tests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.unit.imports import imports_of

TESTS = Path(__file__).parents[1]
MODULES = sorted(TESTS.rglob("test_*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TESTS)))
def test_a_test_module_imports_no_other_test_module(path: Path) -> None:
    siblings = [
        name for name in imports_of(path.read_text(encoding="utf-8"))
        if name.startswith("tests.") and any(part.startswith("test_") for part in name.split(".")[1:])
    ]  # fmt: skip
    assert siblings == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TESTS)))
def test_a_test_module_imports_no_other_test_module_relatively(path: Path) -> None:
    """`from .test_reporting import typed` is the same coupling, spelled relative to the package."""
    relative = [
        node.module
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 0 and node.module
        and any(part.startswith("test_") for part in node.module.split("."))
    ]  # fmt: skip
    assert relative == []
