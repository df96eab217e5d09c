"""YAML text → the neutral raw structure, or problems with the file's line numbers.

The loader is PyYAML's safe loader with two YAML 1.1 surprises removed, because plan authors
write `bulletin: off`, `code: no` (Norway? a village?) and `daily_at: 18:00` and mean text:
yes/no/on/off stay strings (only true/false are booleans) and `18:00` is not the base-60
integer 1080. Duplicate keys, which PyYAML silently collapses, are reported.

Bounded input (SPEC §9): libyaml's parser and scanner are state machines with a stack of their
own, but its composer recurses in C without a limit (a 60 KB file of `[` crashed the process).
So the parser's events are scanned first, counting depth and refusing any alias (`*x`, the
billion-laughs expansion); only a document within the limit is composed.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, DocumentEndEvent, NodeEvent
from yaml.nodes import MappingNode, Node

from bot.plans.limits import MAX_YAML_DEPTH
from bot.plans.types import Problem

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when present (about 5x faster)


class _PlanLoader(_SafeLoader):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []  # (key, line) of a key a mapping already has

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int) and key in seen:
                self.duplicates.append((str(key), key_node.start_mark.line + 1))
            seen.add(key if isinstance(key, str | int) else id(key_node))
        mapping: dict[object, object] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: Node) -> object:
        """A date that cannot exist (2026-02-30, unquoted) stays the text typed: the field's own check
        then names it where it stands, instead of a syntax error at line 1."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_PlanLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL_TAG, _INT_TAG)]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}
_PlanLoader.add_constructor("tag:yaml.org,2002:timestamp", _PlanLoader.construct_yaml_timestamp)
_PlanLoader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_PlanLoader.add_implicit_resolver(_INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789"))


def _refused(text: str) -> tuple[str, int] | None:
    """(catalogue key, line) of the first alias or node nested beyond the limit in the first document
    (composing stops at a second one: a syntax error)."""
    depth = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, AliasEvent):
            return "plan.yaml_alias", line
        if isinstance(event, NodeEvent) and depth >= MAX_YAML_DEPTH:
            return "plan.too_deep", line
        depth += isinstance(event, CollectionStartEvent) - isinstance(event, CollectionEndEvent)
        if isinstance(event, DocumentEndEvent):
            return None
    return None


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GB18030 as Chinese Windows editors, Excel and WPS save text;
    None for neither (also a plan's 核查 files, bot/plans/reconcile_source.py)."""
    for encoding in ("utf-8-sig", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(encoding)
    return None


def read_yaml(text: str, filename: str) -> tuple[object, list[Problem]]:
    """The document (None when it could not be read), and the problems found reading it."""
    loader = _PlanLoader(text)
    try:
        if refused := _refused(text):
            key, line = refused
            params = {"limit": MAX_YAML_DEPTH} if key == "plan.too_deep" else {}
            return None, [Problem(f"{filename}:{line}", key, params)]
        doc = loader.get_single_data()
    except (yaml.YAMLError, ValueError) as error:  # ValueError: a value the constructor cannot build (5,000 digits)
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        where = f"{filename}:{line}" if isinstance(error, yaml.MarkedYAMLError) else filename
        return None, [Problem(where, "plan.yaml_syntax", {"line": line, "column": column})]
    finally:
        loader.dispose()
    duplicates = [Problem(f"{filename}:{line}", "plan.duplicate_key", {"key": key}) for key, line in loader.duplicates]
    return doc, duplicates
