"""A county leader's whole digest (issue 11: "a digest for a county stays well under a second") over
5,000 members / 500 units / 1,000,000 ledger rows in a real SQLite file, as the scheduler's reminder
event makes it: the progress book loaded, the digest basis (review backlog, flagged counts, warnings),
the county's forecast, the county's digest and its text — beside the fair floor measured in the same
run (one grouped SELECT of the per-member totals). Timed with a 5 % review backlog, with nothing
reviewed, and after 500 new reports from 500 members since the last digest: with their flags not judged
yet, and judged by the scheduler's tick in between (what a bot that has run a while meets: the tick judges
written reports every few minutes). A service keeps what a book and the backlogs are read from between
digests (bot/services/kept_book.py): "nothing kept" is the first digest after a start, by services just
built. No assertions: figures only (bench/README.md). `--quick`: 100,000 rows.
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.scale import build, burst, clock, floor, machine, table, timed
from bot.domain.model import Assignee, Role
from bot.domain.ranking import ranked_children
from bot.services.audience import Audience
from bot.services.flags import refresh
from bot.services.forecast import ForecastService
from bot.services.progress import ProgressService
from bot.storage.campaigns import CampaignRepo
from bot.views import digests

BURST = 500


async def main(quick: bool) -> None:
    rows = 100_000 if quick else 1_000_000
    print(f"# A county's digest ({machine()})")
    with tempfile.TemporaryDirectory() as tmp:
        with timed() as built:
            db, cid = await build(Path(tmp) / "d.db", units=500, members=5000, rows=rows)
        try:
            record = (await CampaignRepo(db.reader).all())[0]
            progress, audience, forecast = ProgressService(db, clock()), Audience(db), ForecastService(db, clock())
            milestone = record.campaign.milestones[0]
            loaded = await progress.load(record)
            some = next(iter(loaded.members.values()))  # the county's leader, as the digest sees one
            leader = dataclasses.replace(
                some, member=dataclasses.replace(some.member, unit_code="root", role=Role.LEADER)
            )
            member_ids = [m.id for m in loaded.members.values()]

            async def the_floor() -> object:
                return await floor(db, cid)

            async def whole(services: tuple[ProgressService, Audience] | None = None) -> object:
                book, listing = services or (progress, audience)
                fresh = await book.load(record)
                basis = await listing.digest_basis(fresh)
                forecasts = await forecast.of(fresh, [Assignee.unit("root")], milestone)
                listed = await listing.digest(record, fresh, basis, leader, milestone)
                return digests.digest(
                    "zh", record.campaign, milestone, fresh.tree, listed.unit_code, listed.laggards,
                    listed.unreachable, listed.problems, digests.Recipients(listed.members, listed.groups), False,
                    listed.violations, listed.backlog, listed.overdue, forecasts.get(Assignee.unit("root"), []),
                    listed.flagged, listed.warned,
                )  # fmt: skip

            async def cold() -> object:  # the first digest after a start: nothing kept yet
                return await whole((ProgressService(db, clock()), Audience(db)))

            async def a_burst() -> None:
                await burst(db, cid, member_ids, BURST)

            async def a_judged_burst() -> None:  # the scheduler's tick judges them before the digest
                await burst(db, cid, member_ids, BURST)
                await refresh(db, await progress.load(record))

            async def median(
                step: Callable[[], Awaitable[object]], before: Callable[[], Awaitable[object]] | None = None
            ) -> float:
                times = []
                for _ in range(3):
                    if before is not None:
                        await before()
                    with timed() as t:
                        await step()
                    times.append(t[0])
                return statistics.median(times)

            await refresh(db, loaded)  # the flags' first judging (once per campaign, bench/anomalies.py)
            await whole()  # the day sums' first build (once per campaign, bench/forecast.py)
            figures = {
                "floor": await median(the_floor),
                "all": await median(whole),
                "all_burst": await median(whole, a_burst),
                "all_ticked": await median(whole, a_judged_burst),
            }
            async with db.transaction() as conn:
                await conn.execute("UPDATE reports SET status = 'verified' WHERE id % 20 != 0")
            await refresh(db, loaded)
            figures["five"] = await median(whole)
            figures["five_burst"] = await median(whole, a_burst)
            figures["five_ticked"] = await median(whole, a_judged_burst)
            figures["five_cold"] = await median(cold)
            figures["book"] = await median(lambda: progress.load(record))
            figures["book_cold"] = await median(lambda: ProgressService(db, clock()).load(record))
            figures["book_burst"] = await median(lambda: progress.load(record), a_burst)

            async def ranked(codes: list[str]) -> object:  # the tie-break's moments, worked out when ranked
                book = (await progress.load(record)).book
                return [ranked_children(book, code) for code in codes]

            units = loaded.tree.subtree_unit_codes("root")
            figures["rank_towns"] = await median(lambda: ranked(["root"]))
            figures["rank_all"] = await median(lambda: ranked(units))
            parts = await whole()  # the digest's messages (split at Telegram's length)
            assert isinstance(parts, list)
            lines = sum(len(str(part).splitlines()) for part in parts)
        finally:
            await db.close()

    def vs(key: str) -> str:
        return f"{figures[key] * 1000:,.0f} ms  ({figures[key] / figures['floor']:.1f}× the floor)"

    table(
        f"A county leader's whole digest: 5,000 members / 500 units / {rows:,} ledger rows (median of 3)",
        [
            ("generate data", f"{built[0]:.1f} s"),
            ("floor: one grouped SELECT of per-member totals", f"{figures['floor'] * 1000:,.0f} ms"),
            ("the progress book loaded, nothing kept (the first after a start)", vs("book_cold")),
            ("the progress book loaded, nothing written since the last", vs("book")),
            (f"the progress book loaded, {BURST} reports from {BURST} members since", vs("book_burst")),
            ("the book loaded and the county's towns ranked (/progress: their tie-breaks)", vs("rank_towns")),
            ("the book loaded and every unit's children ranked (the export's ranks)", vs("rank_all")),
            ("whole digest, 5 % pending, nothing kept (the first after a start)", vs("five_cold")),
            ("whole digest, 5 % pending, flags judged", vs("five")),
            (f"whole digest, 5 % pending, {BURST} reports from {BURST} members since", vs("five_burst")),
            ("  … the same, judged by the scheduler's tick in between", vs("five_ticked")),
            ("whole digest, nothing reviewed yet", vs("all")),
            (f"whole digest, nothing reviewed, {BURST} reports since", vs("all_burst")),
            ("  … the same, judged by the scheduler's tick in between", vs("all_ticked")),
            ("digest text", f"{len(parts)} message(s), {lines} lines"),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main("--quick" in sys.argv))
