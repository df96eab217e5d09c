"""The validator's notebook: collects every Problem instead of stopping at the first.

Validation works on the neutral raw structure (the YAML's shape) and speaks in YAML paths such as
`tasks[2].key`. A `Locate` function turns such a path into what the user sees: the path itself
for YAML, a cell like `tasks!B4` for a workbook. That is the only place the formats differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from bot.plans.types import Bad, Problem

T = TypeVar("T")
Locate = Callable[[str], str]
_LAST_SEGMENT = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


def join(base: str, name: str) -> str:
    return f"{base}.{name}" if base else name


def item(base: str, index: int) -> str:
    return f"{base}[{index}]"


def parent_path(path: str) -> str:
    """`tasks[2].key` → `tasks[2]` → `tasks` → ``."""
    return _LAST_SEGMENT.sub("", path) if _LAST_SEGMENT.search(path) else ""


def yaml_locate(path: str) -> str:
    return path or "/"


def table_locate(places: Mapping[str, str], fallback: str) -> Locate:
    """A locator for tabular sources: the most specific known place for a path."""

    def locate(path: str) -> str:
        while path:
            if path in places:
                return places[path]
            path = parent_path(path)
        return fallback

    return locate


class Ctx:
    def __init__(self, locate: Locate, silenced: Callable[[str], bool] = lambda _: False) -> None:
        self.locate = locate
        self.silenced = silenced  # paths whose problem the reader already reported differently
        self.problems: list[Problem] = []

    def add(self, path: str, key: str, /, **params: object) -> None:
        if self.silenced(path):
            return
        problem = Problem(self.locate(path), key, params)
        if problem not in self.problems:  # a cell shared by several paths is reported once
            self.problems.append(problem)

    def field(
        self,
        raw: Mapping[str, object],
        base: str,
        name: str,
        convert: Callable[[object], T],
        *,
        required: bool = False,
    ) -> T | None:
        """Convert raw[name]; a missing required field or a bad value becomes a Problem and None."""
        path = join(base, name)
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(path, "plan.missing", field=name)
            return None
        try:
            return convert(value)
        except Bad as bad:
            if bad.key == "plan.missing":
                bad.params.setdefault("field", name)
            self.add(path, bad.key, **bad.params)
            return None

    def mapping(self, value: object, path: str) -> dict[str, object] | None:
        if isinstance(value, dict):
            return {str(k): v for k, v in value.items()}
        self.add(path, "plan.not_a_mapping")
        return None

    def entries(
        self, raw: Mapping[str, object], name: str, *, required: bool
    ) -> Iterator[tuple[str, dict[str, object]]]:
        """(path, mapping) for every well-formed entry of the list raw[name]."""
        value = raw.get(name)
        if value is None or value == []:
            if required:
                self.add(name, "plan.empty_list", field=name)
            return
        if not isinstance(value, list):
            self.add(name, "plan.not_a_list")
            return
        for index, entry in enumerate(value):
            mapping = self.mapping(entry, item(name, index))
            if mapping is not None:
                yield item(name, index), mapping

    def unknown_fields(self, raw: Mapping[str, object], base: str, allowed: set[str]) -> None:
        for name in raw:
            if name not in allowed:
                self.add(join(base, name), "plan.unknown_field", field=name)
