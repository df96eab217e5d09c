"""Bulletin at scale, per-report latency at a small vs a huge ledger; memory (bench/memory.py)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

from bench.scale import build, clock, machine, table, timed
from bot.domain.model import ReportSource
from bot.domain.origin import Origin
from bot.domain.parser import ParsedItem
from bot.services.bulletins import BulletinService
from bot.services.progress import ProgressService
from bot.services.reporting import ReportService
from bot.storage.campaigns import CampaignRepo
from bot.storage.org import MemberRepo


async def bulletin(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with timed() as built:
            db, _ = await build(Path(tmp) / "b.db", units=500, members=5000, rows=rows)
        try:
            record = (await CampaignRepo(db.reader).all())[0]
            progress = ProgressService(db, clock())
            with timed() as load:
                loaded = await progress.load(record)
            service = BulletinService(db, clock(), progress)
            with timed() as compose:
                composed = await service.compose(record, "root", "zh")
            towns = [u.code for u in loaded.tree.children_units("root")]
            with timed() as town:
                await service.compose(record, towns[0], "zh")
        finally:
            await db.close()
    table(
        f"Bulletin: 5,000 members / 500 units / {rows:,} ledger rows",
        [
            ("generate data", f"{built[0]:.1f} s"),
            ("load ProgressBook (SQL aggregate + roll-up)", f"{load[0] * 1000:.0f} ms"),
            ("compose county bulletin (text + PNG chart)", f"{compose[0] * 1000:.0f} ms"),
            ("compose one town's bulletin", f"{town[0] * 1000:.0f} ms"),
            ("bulletin size", f"{len(composed.lines)} lines, chart {len(composed.chart_png) // 1024} KB"),
        ],
    )


async def latency(rows: int, reports: int = 200) -> list[float]:
    """Submit + the member's standing for the acknowledgement, as the text handler does."""
    with tempfile.TemporaryDirectory() as tmp:
        db, _ = await build(Path(tmp) / "l.db", units=500, members=5000, rows=rows)
        try:
            record = (await CampaignRepo(db.reader).all())[0]
            member = await MemberRepo(db.reader).by_key("m42")
            assert member is not None
            service, progress = ReportService(db, clock()), ProgressService(db, clock())
            samples = []
            for i in range(reports):
                with timed() as t:
                    await service.submit(
                        record, member, [ParsedItem("visit", 1)], Origin(ReportSource.TEXT, 7, 10_000_000 + i)
                    )
                    await progress.load(record, only_member=member)
                samples.append(t[0])
        finally:
            await db.close()
    return samples


async def main(quick: bool) -> None:
    print(f"# Scale benchmarks ({machine()})")
    big = 100_000 if quick else 1_000_000
    await bulletin(big)
    small_s, big_s = await latency(1_000), await latency(big)

    def p95(xs: list[float]) -> float:
        return sorted(xs)[int(len(xs) * 0.95)]

    table(
        f"Per-report latency (submit + standing): 1,000 vs {big:,} ledger rows",
        [
            ("median at 1k", f"{statistics.median(small_s) * 1000:.2f} ms"),
            (f"median at {big // 1000}k", f"{statistics.median(big_s) * 1000:.2f} ms"),
            ("p95 at 1k / big", f"{p95(small_s) * 1000:.2f} ms / {p95(big_s) * 1000:.2f} ms"),
            ("ratio of medians", f"{statistics.median(big_s) / statistics.median(small_s):.2f}×"),
        ],
    )
    # Peak RSS is per process: measure memory in a fresh one, not after the 1M-row benchmark.
    members = "5000" if quick else "10000"
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bench.memory", members)
    await proc.wait()


if __name__ == "__main__":
    asyncio.run(main("--quick" in sys.argv))
