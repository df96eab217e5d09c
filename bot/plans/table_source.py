"""What reading a workbook yields: the neutral raw structure (the YAML's shape), where each YAML path
stands in the workbook, the problems only a workbook can have, and the paths the validator is to stay
quiet about (their problem was already told, differently). The sheet readers (xlsx_source.py,
xlsx_calendar.py) fill it in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.plans.types import Problem

_INDEX = re.compile(r"\[\d+\]")


@dataclass
class TableSource:
    doc: dict[str, object] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)  # YAML path → "sheet!B4" / "sheet 'x' row 4"
    problems: list[Problem] = field(default_factory=list)
    silenced_paths: set[str] = field(default_factory=set)  # e.g. "tasks" or "tasks[*].name"

    def refuse(self, where: str, key: str, /, **params: object) -> None:
        """A problem only a workbook can have, at a cell (`sheet!B4`) or a sheet."""
        self.problems.append(Problem(where, key, params))

    def silenced(self, path: str) -> bool:
        generic = _INDEX.sub("[*]", path)
        return any(generic == s or generic.startswith((s + ".", s + "[")) for s in self.silenced_paths)
