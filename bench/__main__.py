"""Run every benchmark: `.venv/bin/python -m bench` (full, ~10 min) or `--quick` (~1 min)."""

from __future__ import annotations

import asyncio
import sys

from bench import fanout, reports, scale_bench


async def main(quick: bool) -> None:
    await reports.main(quick)
    await fanout.main(quick)
    await scale_bench.main(quick)


if __name__ == "__main__":
    asyncio.run(main("--quick" in sys.argv))
