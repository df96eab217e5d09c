"""The validator's notebook: collects every Problem instead of stopping at the first.

Validation works on the neutral raw structure (the YAML's shape) and speaks in YAML paths such as
`tasks[2].key`. A `Locate` function turns such a path into what the user sees: the path itself
for YAML, a cell like `tasks!B4` for a workbook. That is the only place the formats differ.

Pydantic's errors become Problems here: `loc` extends the entry's path, the error type names the
catalogue key (never pydantic's English message, which a Chinese leader could not read).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from bot.plans.schema import given
from bot.plans.types import Problem
from bot.plans.value_basics import shown

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Locate = Callable[[str], str]
_LAST_SEGMENT = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")

# pydantic's error type → catalogue key `plan.<key>`; the types raised by values.fail() are keys already.
# A bound crossed names the bound (a threshold of 1 where 2 is the least); a lower bound of 0 is
# `negative`; FIELD_KEYS words some fields' ranges their own way.
ERROR_KEYS = {"missing": "missing", "extra_forbidden": "unknown_field", "model_type": "not_a_mapping",
              "dict_type": "not_a_mapping", "list_type": "not_a_list", "float_parsing": "not_number",
              "float_type": "not_number", "string_too_long": "too_long", "string_pattern_mismatch": "bad_key",
              "enum": "bad_choice", "literal_error": "bad_choice",
              "greater_than_equal": "at_least", "greater_than": "more_than", "less_than_equal": "at_most"}  # fmt: skip
_BOUNDS = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le"}  # error type → its ctx key
# A range or a choice that some fields word their own way, whichever bound was crossed. A type in
# neither table would show as its bare key: tests/unit/test_plan_robustness.py feeds odd values to every
# field to make sure none is reachable.
FIELD_KEYS = {"percent": "percent_out_of_range", "max_per_report": "max_per_report_too_small",
              "count": "not_positive", "role": "bad_role"}  # fmt: skip
_OWN_WORDING = {"greater_than_equal", "less_than_equal", "enum"}


def join(base: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{base}[{name}]"
    return f"{base}.{name}" if base else name


def table_locate(places: Mapping[str, str], fallback: str) -> Locate:
    """A locator for tabular sources: the most specific known place for a path, going up from
    `tasks[2].key` to `tasks[2]` to `tasks`."""

    def locate(path: str) -> str:
        while path:
            if path in places:
                return places[path]
            path = _LAST_SEGMENT.sub("", path) if _LAST_SEGMENT.search(path) else ""
        return fallback

    return locate


def catalogued(error: ErrorDetails, base: str) -> tuple[str, str, dict[str, object]]:
    """(path, catalogue key, parameters) of one pydantic error found below `base`."""
    path = base
    for step in error["loc"]:
        path = join(path, step)
    kind, ctx = error["type"], error.get("ctx") or {}
    name = str(error["loc"][-1]) if error["loc"] else ""
    key = (FIELD_KEYS.get(name) if kind in _OWN_WORDING else None) or ERROR_KEYS.get(kind, kind)
    params: dict[str, object] = {"field": name, "value": shown(error["input"])}
    if "max_length" in ctx:
        params["limit"] = ctx["max_length"]
    if "expected" in ctx:  # "'off', 'optional' or 'required'" → "off | optional | required"
        params["choices"] = " | ".join(re.findall(r"'([^']*)'", str(ctx["expected"])))
    if kind in _BOUNDS and key == ERROR_KEYS[kind]:
        params["limit"] = ctx[_BOUNDS[kind]]
        key = "negative" if kind == "greater_than_equal" and ctx[_BOUNDS[kind]] == 0 else key
    if kind not in ERROR_KEYS:  # one of ours: its parameters as given
        params |= {k: v for k, v in ctx.items() if k not in ("max_length", "expected")}
    return path, f"plan.{key}", params


class Ctx:
    def __init__(
        self, locate: Locate = lambda path: path or "/", silenced: Callable[[str], bool] = lambda _: False
    ) -> None:
        self.locate = locate  # by default the YAML path itself; table_locate for a workbook
        self.silenced = silenced  # paths whose problem the reader already reported differently
        self.problems: list[Problem] = []

    def add(self, path: str, key: str, /, **params: object) -> None:
        if self.silenced(path):
            return
        problem = Problem(self.locate(path), key, params)
        if problem not in self.problems:  # a cell shared by several paths is reported once
            self.problems.append(problem)

    def errors(self, error: ValidationError, base: str) -> None:
        for details in error.errors(include_url=False):
            path, key, params = catalogued(details, base)
            self.add(path, key, **params)

    def parse(self, model: type[M], raw: object, path: str, **context: Any) -> tuple[M | None, dict[str, Any]]:
        """(the entry, its valid fields), problems noted. Later checks work with whatever is right:
        a field that failed falls back to its default, so a bad alias does not hide its task; when a
        required field failed the entry is None, but its other fields still count (a unit whose
        level is wrong still has its code, and members naming it are not told it is unknown)."""
        try:
            entry = model.model_validate(raw, context=context)
            return entry, dict(entry)
        except ValidationError as error:
            self.errors(error, path)
        if not isinstance(raw, dict):
            return None, {}
        partial, values = model.model_construct(), given(model, raw)
        for name in [n for n in model.model_fields if n in values]:  # in order: the dates follow the zone
            with contextlib.suppress(ValidationError):
                model.__pydantic_validator__.validate_assignment(partial, name, values[name], context=context)
        fields = {name: value for name, value in partial.__dict__.items() if name in model.model_fields}
        complete = all(name in fields for name, info in model.model_fields.items() if info.is_required())
        return (partial if complete else None), fields

    def value(self, adapter: TypeAdapter[T], raw: object, path: str) -> T | None:
        try:
            return adapter.validate_python(raw)
        except ValidationError as error:
            self.errors(error, path)
            return None

    def entries(self, raw: Mapping[str, object], name: str, *, required: bool) -> Iterator[tuple[str, object]]:
        """(path, entry) for every entry of the list raw[name]."""
        value = raw.get(name)
        if value is None or value == []:
            if required:
                self.add(name, "plan.empty_list", field=name)
            return
        if not isinstance(value, list):
            self.add(name, "plan.not_a_list")
            return
        for index, entry in enumerate(value):
            yield join(name, index), entry
