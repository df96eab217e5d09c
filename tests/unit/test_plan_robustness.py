"""SPEC §9 "bad input of any kind gets a clear reply": every single mangled value in a plan — in
either format — yields problems a leader can read, never a crash or leaked Python text."""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

import yaml
from openpyxl import load_workbook

from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.loader import check_document, check_workbook
from bot.render.plan_workbook import write_template
from tests.unit.plan_problems import assert_readable

ODD_VALUES: list[object] = [None, 0, -1, "", "x", True, 1.5, "2026-13-01", "ql", 10**20, [], {}, [1, 2]]
ODD_CELLS: list[object] = [None, 0, -1, "", "  ", "x", True, 1.5, "2026-13-01", "ql",
                           datetime(2030, 1, 1), time(3, 4), "=1+1"]  # fmt: skip


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if prefix:
        yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def test_every_yaml_node_replaced_by_an_odd_value_gives_readable_problems_or_a_plan() -> None:
    base = yaml.safe_load(EXAMPLE_PLAN_YAML)
    runs = 0
    for path in list(_paths(base)):
        for odd in ODD_VALUES:
            doc = copy.deepcopy(base)
            parent = doc
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = odd
            plan, problems = check_document(doc)
            assert (plan is None) == bool(problems)
            for problem in problems:
                assert_readable(problem)
            runs += 1
    assert runs > 1000


def test_every_template_cell_replaced_by_an_odd_value_gives_readable_problems_or_a_plan() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    cells = [c for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row]
    assert len(cells) > 100
    for cell in cells:
        kept = cell.value
        for odd in ODD_CELLS:
            cell.value = odd
            plan, problems = check_workbook(wb, "p.xlsx")
            assert (plan is None) == bool(problems)
            for problem in problems:
                assert_readable(problem)
        cell.value = kept
    assert check_workbook(wb, "p.xlsx")[1] == []
