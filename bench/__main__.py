"""Run every benchmark and the chaos drill: `.venv/bin/python -m bench` (full size) or `--quick`."""

from __future__ import annotations

import asyncio
import sys

from bench import anomalies, burst, chaos, fanout, forecast, plans, reports, scale_bench


async def main(quick: bool) -> None:
    await reports.main(quick)
    await burst.main(quick)
    await fanout.main(quick)
    await scale_bench.main(quick)
    await forecast.main(quick)
    await anomalies.main(quick)
    await plans.main(quick)


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    asyncio.run(main(quick))
    # The drill runs the bot and the emulator as processes of their own, outside this event loop.
    sys.exit(chaos.drill(200, 30, 60, 4) if quick else chaos.drill(1000, 50, 250, 12))
