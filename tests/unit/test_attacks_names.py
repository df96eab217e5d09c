"""Names are data, never markup (issue 8 C), tried as a hostile village leader would: inside his own
subtree he may name his units and members as he likes, and every name he picks ends up in the county's
group bulletin, the leaders' lists and the export. A line break in a name starts a line of its own (a
forged "1. 七岭村 100.0%" ranking line under the real ones); a bidi override turns the numbers after
it around on screen; a zero-width character makes two names look alike. A plan keeps each name one
line of visible text: such a name is refused, or stored without those characters."""

from __future__ import annotations

import unicodedata

import pytest

from bench.hostile_plans import largest_plan_yaml
from bot.plans import check_plan

SPOOFS = {
    "line break": "七岭村\n🥇 1. 七岭村 100.0%",
    "carriage return": "七岭村\r1. 七岭村 100.0%",
    "line separator": "七岭村\u20281. 七岭村 100.0%",
    "right-to-left override": "七岭村\u202e%0.001",
    "zero-width space": "七\u200b岭村",
}


def _invisible(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


@pytest.mark.parametrize("kind", SPOOFS)
def test_a_unit_or_member_name_is_one_line_of_visible_text(kind: str) -> None:
    name = SPOOFS[kind].replace("\\", "\\\\").replace('"', '\\"')
    escaped = name.encode("unicode_escape").decode("ascii")  # a YAML double-quoted scalar keeps \n, \u202e …
    for field in ("name: 单位1,", "name: 干部0,"):
        text = largest_plan_yaml(units=2, members=1).decode().replace(field, f'name: "{escaped}",')
        text = text.replace("assignee: 干部0,", f'assignee: "{escaped}",')
        plan, problems = check_plan(text.encode(), "plan.yaml")
        if plan is None:  # refused: the problem says where, in the user's language
            assert problems, problems
            assert all(p.location for p in problems), problems
            continue
        names = [u.name for u in plan.units] + [m.name for m in plan.members]
        assert not [n for n in names if _invisible(n)], (kind, field, names)
