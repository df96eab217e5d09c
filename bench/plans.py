"""Plan files: time and peak memory for the largest accepted plan and for each hostile file.

Each file is checked in a fresh process of its own (so one file's peak memory is not another's),
with `check_plan` in process — the parsing, guards and validation alone — and also as the bot does
it, through `check_plan_isolated` (a child process under the wall-clock and memory limits), timed
from the caller. Two floors measured in the same run, on the same machine:
  - the trivial plan (the 9-member example): what any upload costs, process start included;
  - for the largest YAML plan, PyYAML's bare C loader on the same bytes (no guards, no validation).

    .venv/bin/python -m bench.plans            # the largest plan the limits allow
    .venv/bin/python -m bench.plans --quick    # 1,000 members
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import hostile_plans as hostile
from bench.scale import peak_rss_mb, table
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.limits import MAX_MEMBERS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_UNITS


def _largest_xlsx(quick: bool) -> bytes:
    from bot.plans import load_plan
    from bot.render.plan_workbook import plan_to_xlsx

    return plan_to_xlsx(load_plan(_largest_yaml(quick), "big.yaml"))


def _largest_yaml(quick: bool) -> bytes:
    return hostile.largest_plan_yaml(100, 1_000) if quick else hostile.largest_plan_yaml()


def _corner_within_caps() -> bytes:
    """The costliest workbook the sheet caps still let openpyxl open: one cell at their corner."""
    import io

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from bot.render.plan_workbook import write_template

    wb = load_workbook(io.BytesIO(write_template()))
    wb["quotas"][f"{get_column_letter(MAX_SHEET_COLUMNS)}{MAX_SHEET_ROWS}"] = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


FILES: dict[str, tuple[str, Callable[[bool], bytes]]] = {
    "trivial plan (example, floor)": ("plan.yaml", lambda _quick: EXAMPLE_PLAN_YAML.encode()),
    "largest plan, YAML": ("big.yaml", _largest_yaml),
    "largest plan, XLSX": ("big.xlsx", _largest_xlsx),
    "billion laughs (9×9 aliases)": ("laughs.yaml", lambda _quick: hostile.billion_laughs_yaml()),
    "nested 30,000 deep": ("deep.yaml", lambda _quick: hostile.deep_yaml()),
    "one cell at XFD1048576": ("far.xlsx", lambda _quick: hostile.far_cell_xlsx()),
    "zip bomb (1 GB inflated)": ("bomb.xlsx", lambda _quick: hostile.zip_bomb_xlsx(1024**3)),
    "zip of 5,000 parts": ("parts.xlsx", lambda _quick: hostile.many_members_zip()),
    "4,100-character unit name": ("long.yaml", lambda _quick: hostile.long_name_yaml()),
    "one unit over the limit": ("units.yaml", lambda _quick: hostile.largest_plan_yaml(MAX_UNITS + 1, 10)),
    "one cell at the caps' corner": ("corner.xlsx", lambda _quick: _corner_within_caps()),
}


def _one(path: str) -> None:
    """In a fresh process: check one file in process, print seconds, peak and base RSS as JSON."""
    from bot.plans import check_plan

    filename = Path(path).name
    data = Path(path).read_bytes()
    base = peak_rss_mb()  # interpreter, imports and the file's bytes
    started = time.perf_counter()
    plan, problems = check_plan(data, filename)
    seconds = time.perf_counter() - started
    verdict = "accepted" if plan is not None else ", ".join(sorted({p.key for p in problems}))
    out = {"seconds": seconds, "peak": peak_rss_mb(), "base": base, "size": len(data), "verdict": verdict}
    print(json.dumps(out))


def _bare_yaml(path: str) -> None:
    import yaml

    text = Path(path).read_text()
    base = peak_rss_mb()
    started = time.perf_counter()
    yaml.load(text, Loader=yaml.CSafeLoader)  # the safe C loader
    print(json.dumps({"seconds": time.perf_counter() - started, "peak": peak_rss_mb(), "base": base}))


def _fresh(*args: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-m", "bench.plans", *args], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


async def _isolated(data: bytes, filename: str) -> tuple[float, str]:
    from bot.plans.isolated import check_plan_isolated

    started = time.perf_counter()
    plan, problems = await check_plan_isolated(data, filename)
    verdict = "accepted" if plan is not None else ", ".join(sorted({p.key for p in problems}))
    return time.perf_counter() - started, verdict


def _ms(seconds: object) -> str:
    assert isinstance(seconds, float)
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


async def main(quick: bool) -> None:
    members = 1_000 if quick else MAX_MEMBERS
    units = 100 if quick else MAX_UNITS
    rows = []
    tmp = Path(tempfile.mkdtemp())
    for label, (filename, make) in FILES.items():
        data = make(quick)
        (tmp / filename).write_bytes(data)
        result = _fresh("--one", str(tmp / filename))
        isolated, verdict = await _isolated(data, filename)
        if verdict != result["verdict"]:  # e.g. the child ran out of time or memory
            result["verdict"] = f"{result['verdict']} (in the child: {verdict})"
        extra = float(str(result["peak"])) - float(str(result["base"]))
        rows.append(
            (
                label,
                f"{int(str(result['size'])):>10,} B  check {_ms(result['seconds']):>9}  +{extra:5.0f} MB peak"
                f"  as the bot does it {_ms(isolated):>9}  → {result['verdict']}",
            )
        )
    bare = _fresh("--bare", str(tmp / "big.yaml"))
    shutil.rmtree(tmp)
    bare_peak = float(str(bare["peak"])) - float(str(bare["base"]))
    rows.append(
        (
            "largest YAML, bare C loader (floor)",
            f"{'':>10}    load  {_ms(bare['seconds']):>9}  +{bare_peak:5.0f} MB peak",
        )
    )
    table(f"Plan files: largest accepted = {units:,} units, {members:,} members (each in a fresh process)", rows)


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    if "--one" in sys.argv:
        _one(sys.argv[-1])
    elif "--bare" in sys.argv:
        _bare_yaml(sys.argv[-1])
    else:
        asyncio.run(main(quick))
