"""The forecast at county scale (issue 11 §3): 5,000 members, 500 units, 1,000,000 ledger rows in a real
SQLite file. Timed: the query of the forecast's sums per member and task, from the ledger (bot/storage/series.py)
and from the day sums its writes keep (bot/storage/day_sums.py), and the
domain's forecasts for a leader's digest (the county unit), for every leader's unit at once (one
reminder event's digests) and for every unit and member (the export's sheet); beside them, in the same
run, the fair floor: one plain `SELECT SUM(delta) … GROUP BY member_id, task` over the same rows, what
the standings already read; and the full daily series query the sums replace.

    .venv/bin/python -m bench.forecast [--quick]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.scale import build, clock, machine, table, timed
from bench.scale import floor as floor_query
from bot.domain.counting import Counted
from bot.domain.forecast import Sums, campaign_horizon, last_day
from bot.domain.model import Assignee
from bot.services.day_sums import keep_day_sums
from bot.services.forecast import ForecastService
from bot.services.progress import LoadedBook, ProgressService
from bot.storage.campaigns import CampaignRepo
from bot.storage.day_sums import DaySumRepo
from bot.storage.db import Database
from bot.storage.series import SeriesRepo

REPEAT = 3
COVERING = (
    "CREATE INDEX bench_reports_series ON reports (campaign_id, member_id, task, status, work_date, created_at, delta)"
)


async def median_ms(work: Callable[[], Awaitable[object]], repeat: int = REPEAT) -> float:
    samples = []
    for _ in range(repeat):
        with timed() as took:
            await work()
        samples.append(took[0])
    return statistics.median(samples) * 1000


async def _daily(db: Database, loaded: LoadedBook) -> object:
    """The full daily series (every member, task and day): what the sums replace, for comparison."""
    campaign = loaded.record.campaign
    return await SeriesRepo(db.reader).daily(
        loaded.record.id,
        campaign.timezone,
        campaign.start.astimezone(ZoneInfo(campaign.timezone)).date(),
        last_day(campaign, campaign.end),
        verified_only=loaded.book.rule.counts is Counted.VERIFIED,
    )


async def _sums(db: Database, loaded: LoadedBook) -> dict[int, dict[str, Sums]]:
    campaign = loaded.record.campaign
    span = campaign_horizon(campaign, loaded.book.at)
    return await SeriesRepo(db.reader).window_sums(
        loaded.record.id,
        ZoneInfo(campaign.timezone),
        span.window_first or span.today,
        span.today,
        verified_only=loaded.book.rule.counts is Counted.VERIFIED,
    )


async def _kept(db: Database, loaded: LoadedBook) -> dict[int, dict[str, Sums]]:
    campaign = loaded.record.campaign
    span = campaign_horizon(campaign, loaded.book.at)
    return await DaySumRepo(db.reader).window_sums(
        loaded.record.id,
        span.window_first or span.today,
        span.today,
        verified_only=loaded.book.rule.counts is Counted.VERIFIED,
    )


async def measure(db: Database, loaded: LoadedBook) -> list[tuple[str, str]]:
    service, tree, cid = ForecastService(db, clock()), loaded.tree, loaded.record.id
    county = [Assignee.unit("root")]
    units = [Assignee.unit(u.code) for u in tree.units()]
    everyone = units + [Assignee.member(m.key) for m in tree.members()]
    sums = await _sums(db, loaded)
    by_key = {loaded.by_id[mid].key: s for mid, s in sums.items() if mid in loaded.by_id}
    forecasts = len(everyone) * len(loaded.record.campaign.tasks)

    def domain(assignees: list[Assignee]) -> Callable[[], Awaitable[object]]:
        async def run() -> object:
            return service.evaluate(loaded, assignees, by_key)

        return run

    floor = await median_ms(lambda: floor_query(db, cid))
    query = await median_ms(lambda: _sums(db, loaded))
    build = await median_ms(lambda: keep_day_sums(db, loaded.record), 1)
    kept = await median_ms(lambda: _kept(db, loaded))
    same = "the same" if await _kept(db, loaded) == sums else "DIFFERENT"
    daily = await median_ms(lambda: _daily(db, loaded), 1)
    domain_county, domain_units = await median_ms(domain(county)), await median_ms(domain(units))
    domain_all = await median_ms(domain(everyone))
    whole_county = await median_ms(lambda: service.of(loaded, county))
    return [
        ("floor: SELECT SUM(delta) … GROUP BY member_id, task", f"{floor:.0f} ms"),
        ("forecast sums from the ledger (3 sums, same grouping)", f"{query:.0f} ms  ({query / floor:.1f}× the floor)"),
        ("day sums built from the ledger (once per campaign)", f"{build:.0f} ms"),
        (f"forecast sums from the kept day sums ({same})", f"{kept:.0f} ms  ({kept / floor:.1f}× the floor)"),
        ("for comparison: the full daily series query", f"{daily:.0f} ms  ({daily / floor:.1f}× the floor)"),
        ("domain: the county's forecast (roll-up, 2 tasks)", f"{domain_county:.0f} ms"),
        (f"domain: every unit's ({len(units)}, one reminder's digests)", f"{domain_units:.0f} ms"),
        (
            f"domain: every unit and member ({forecasts:,} forecasts)",
            f"{domain_all:.0f} ms  ({domain_all * 1000 / forecasts:.1f} µs a forecast)",
        ),
        (
            "a county digest's forecast: kept sums + domain",
            f"{whole_county:.0f} ms  ({whole_county / floor:.1f}× the floor)",
        ),
    ]


async def main(quick: bool) -> None:
    rows = 100_000 if quick else 1_000_000
    print(f"# Forecast benchmark ({machine()})")
    with tempfile.TemporaryDirectory() as tmp:
        with timed() as built:
            db, _ = await build(Path(tmp) / "f.db", units=500, members=5000, rows=rows)
        try:
            record = (await CampaignRepo(db.reader).all())[0]
            loaded = await ProgressService(db, clock()).load(record)
            title = f"Forecast: 5,000 members / 500 units / {rows:,} ledger rows (built in {built[0]:.1f} s)"
            table(title, await measure(db, loaded))
        finally:
            await db.close()


if __name__ == "__main__":
    asyncio.run(main("--quick" in sys.argv))
