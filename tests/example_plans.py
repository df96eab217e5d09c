"""Variants of the example plan (bot/plans/example.py) that end-to-end and scheduler tests in several
files run on; each test module says what its variant is for."""

from __future__ import annotations

from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.types import PlanDoc
from tests.harness import Harness

# Two cadres called 王芳 (双泉村 and 青鹿居委会): a name is a choice, never "not found".
TWO_WANG_FANG = EXAMPLE_PLAN_YAML.replace(
    "  - {name: 周八, unit: byd, role: cadre}\n",
    "  - {name: 周八, unit: byd, role: cadre}\n"
    "  - {code: wf1, name: 王芳, unit: sq, role: cadre}\n"
    "  - {code: wf2, name: 王芳, unit: qlj, role: cadre}\n",
)


# The evening nudge on at 19:30, and quotas for 李四 and 王五 too.
NUDGING = EXAMPLE_PLAN_YAML.replace('at: "09:00"}', 'at: "09:00", nudge_at: "19:30"}').replace(
    "  - {assignee: 张三,   visit: 20,  checkup: 15}",
    "  - {assignee: 张三,   visit: 20,  checkup: 15}\n"
    "  - {assignee: 李四,   visit: 20,  checkup: 15}\n"
    "  - {assignee: 王五,   visit: 10}",
)


# 双泉村 has no leader of its own (as in the example): here two cadres, 王五 with a quota and 钱九, so what
# concerns 王五 must reach the nearest leader up the chain, 白洋渡镇's 郭镇长.
LEADERLESS_VILLAGE = EXAMPLE_PLAN_YAML.replace(
    "  - {name: 王五, unit: sq, role: cadre}\n",
    "  - {name: 王五, unit: sq, role: cadre}\n  - {name: 钱九, unit: sq, role: cadre}\n",
).replace(
    "  - {assignee: 张三,",
    "  - {assignee: sq, visit: 20, checkup: 10}\n  - {assignee: 王五, visit: 10, checkup: 5}\n  - {assignee: 张三,",
)


# The warning ladder, to insert with `with_plan`.
LADDER = "  warnings: {yellow_after: 1, red_after: 2, public_after: 3}\n"


async def with_plan(h: Harness, extra: str) -> None:
    """Import the example plan with `extra` campaign settings."""
    head, rest = EXAMPLE_PLAN_YAML.split("\ntasks:", 1)
    await h.services.plans.import_plan(load_plan(f"{head}\n{extra}\ntasks:{rest}".encode(), "plan.yaml"))


JOINED, NEVER_JOINED = 320, 80  # all under 七岭村, whose leader is 李书记


def big_plan() -> PlanDoc:
    """The example plan with 400 extra cadres in 七岭村, each with a quota of their own."""
    n = JOINED + NEVER_JOINED
    names = [f"队员{i:03d}" for i in range(n)]
    text = (
        EXAMPLE_PLAN_YAML.replace("{assignee: county, visit: 164", f"{{assignee: county, visit: {164 + n}")
        .replace("{assignee: bydz,   visit: 100", f"{{assignee: bydz,   visit: {100 + n}")
        .replace("{assignee: ql,     visit: 40", f"{{assignee: ql,     visit: {40 + n}")
    )
    members = "".join(f"  - {{name: {name}, unit: ql, role: cadre}}\n" for name in names)
    quotas = "".join(f"  - {{assignee: {name}, visit: 1}}\n" for name in names)
    text = text.replace("\nquotas:", f"{members}\nquotas:", 1).replace("\nrules:", f"{quotas}\nrules:", 1)
    return load_plan(text.encode(), "plan.yaml")


def plan(*edits: tuple[str, str]) -> PlanDoc:
    """The example plan with some text replaced (each replacement must apply)."""
    text = EXAMPLE_PLAN_YAML
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return load_plan(text.encode(), "plan.yaml")


async def visits(h: Harness) -> int:
    return await _sum(h, "visit")


async def registered(h: Harness) -> int:
    return await _sum(h, "register")


async def _sum(h: Harness, task: str) -> int:
    async with h.services.db.reader.execute(
        "SELECT COALESCE(SUM(delta), 0) FROM reports WHERE task = ?", (task,)
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])
