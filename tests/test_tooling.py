"""Lint, format and type checks are part of the suite, so `main` cannot go green with them red."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_tree_is_lint_format_and_type_clean(command: list[str], tmp_path: Path) -> None:
    tool = [str(BIN / command[0]), *command[1:]]
    cache = ["--cache-dir", str(tmp_path / "cache")]  # never write caches into a read-only clone
    proc = subprocess.run(tool + cache, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
