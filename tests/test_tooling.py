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


def test_the_rules_themselves_stay_strict() -> None:
    """A clean run proves little if the rules were loosened to get it: mypy is strict for the whole tree
    and ruff checks comprehensions, pytest idioms, unused arguments and the banned storage imports."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["tool"]["mypy"]["strict"] is True
    assert not any(o.get("strict") is False for o in config["tool"]["mypy"].get("overrides", []))
    selected = set(config["tool"]["ruff"]["lint"]["select"])
    assert {"C4", "PT", "ARG", "TID"} <= selected
    assert "bot.storage" in config["tool"]["ruff"]["lint"]["flake8-tidy-imports"]["banned-api"]
