"""No two modules import each other, directly or round a loop — `if TYPE_CHECKING:` and imports inside
functions count too: a loop of types is still two modules that cannot be read one before the other.
A newcomer reads the code from the bottom up (domain, storage, services, views, chat and scheduler);
a loop is a place where that order breaks. Each loop this test once found was opened by naming the
shared piece where both sides can import it (domain/parsed.py, domain/live_entries.py,
plans/table_source.py, scheduler/crew.py) or by a protocol (services/senders.py `Deciding`)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.unit.imports import imported

ROOT = Path(__file__).parents[2]
PACKAGES = ("bot", "scheduler", "bench")


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the project's modules it imports (`from a import b` names a.b when b is a module)."""
    paths = {module_name(p, root): p for package in PACKAGES for p in (root / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            for imported_name in imported(node):
                if imported_name in paths and imported_name != name:
                    targets.add(imported_name)
        graph[name] = targets
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            step = next(edges, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph[step]))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_circle_finder_finds_a_loop_of_three_and_nothing_in_a_chain() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_modules_of_the_project_import_each_other_round_a_loop() -> None:
    graph = import_graph()
    assert len(graph) > 250  # the whole project was read (292 modules when written)
    assert circles(graph) == []
