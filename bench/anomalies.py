"""Anomaly evaluation (issue 11 §4) over 5,000 members and 1,000,000 ledger rows in a real SQLite
file: what a county leader's digest, /verify and the export each pay for the flags.

Printed beside a fair floor measured in the same run on the same file: one plain grouped SELECT of
the per-member totals (what any progress view reads anyway). Every report's flags (the export) read
every live entry and the day totals; the pending reports' flags (digests, /verify, /sample) read the
campaign's grouped sums and the backlog (bot/domain/pending_flags.py), each timed from the day sums the
ledger's writes keep (migration v12) and, in the same run, from the ledger's own grouping; the bench
checks that they find the same flagged pending reports. No assertions: figures only (bench/README.md).

`--quick`: 100,000 rows. `--pending`: only the pending paths (digests, /verify) and the floor — what
a full-size run can afford; the every-report figures take minutes at a million rows.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.scale import build, clock, machine, table, timed
from bot.domain.anomalies import DayTotal, Entry, evaluate
from bot.services.day_sums import keep_day_sums
from bot.services.flags import _HELD
from bot.services.integrity import _offset, flagged_pending_per_member, judge, judge_pending, reason_codes
from bot.services.progress import ProgressService
from bot.storage.campaigns import CampaignRepo
from bot.storage.day_sums import DaySumRepo
from bot.storage.signals import SignalRepo

RUNS = 3  # 1 at full size: each run reads the million rows several times


async def _median(runs: int, step: Callable[[], Awaitable[object]], *, held: bool = False) -> float:
    """The median time of `step`, each run fresh (nothing held from an earlier one) unless `held`."""
    times = []
    for _ in range(runs):
        if not held:
            _HELD.clear()
        with timed() as t:
            await step()
        times.append(t[0])
    return statistics.median(times)


async def main(quick: bool, pending_only: bool = False) -> None:
    rows = 100_000 if quick else 1_000_000
    runs = RUNS if quick else 1
    print(f"# Anomaly evaluation ({machine()})")
    with tempfile.TemporaryDirectory() as tmp:
        with timed() as built:
            db, cid = await build(Path(tmp) / "a.db", units=500, members=5000, rows=rows)
        try:
            record = (await CampaignRepo(db.reader).all())[0]
            loaded = await ProgressService(db, clock()).load(record)
            town = loaded.tree.children_units("root")[0].code
            town_ids = [loaded.members[k].id for k in loaded.tree.subtree_member_keys(town) if k in loaded.members]
            reader, c, offset = db.reader, record.campaign, _offset(record)

            async def floor() -> object:
                return await reader.execute_fetchall(
                    "SELECT member_id, task, SUM(delta) FROM reports WHERE campaign_id = ? "
                    "AND status != 'rejected' GROUP BY member_id, task",
                    (cid,),
                )

            async def reads() -> tuple[list[Entry], list[DayTotal]]:
                entries, _ = await SignalRepo(reader).entries(cid, None, offset)
                return entries, await SignalRepo(reader).day_totals(cid, offset)

            entries, totals = await reads() if not pending_only else ([], [])

            async def rules() -> object:
                checkpoints = [m.due for m in c.milestones]
                return evaluate(entries, totals, c.anomalies, timezone=c.timezone, checkpoints=checkpoints)

            figures = {"floor": await _median(runs, floor)}
            if not pending_only:
                figures["every"] = await _median(runs, lambda: judge(reader, loaded, None))
                figures["export"] = await _median(runs, lambda: reason_codes(reader, loaded))
                figures["reads"] = await _median(runs, reads)
                figures["rules"] = await _median(runs, rules)

            async def digest_count() -> object:
                return await flagged_pending_per_member(db, loaded)

            async def town_flags() -> object:
                return await judge_pending(reader, loaded, town_ids)

            # Before the day sums exist, judge_pending groups the ledger itself (the earlier path)
            figures["town_ledger"] = await _median(runs, town_flags)
            with timed() as took:  # one run: tens of seconds at a million rows
                slow = (await judge_pending(reader, loaded, None)).flagged_pending
            figures["digest_all_ledger"] = took[0]
            with timed() as took:
                await keep_day_sums(db, record)
            figures["build"] = took[0]
            figures["town"] = await _median(runs, town_flags)
            figures["digest_all"] = await _median(runs, digest_count)
            fast = (await judge_pending(reader, loaded, None)).flagged_pending
            agree = "the same" if fast == slow else "DIFFERENT"
            if not pending_only:
                reference = (await judge(reader, loaded, None)).flagged_pending
                agree += "; reference: " + ("the same" if fast == reference else "DIFFERENT")
            # The usual state of a reviewed campaign: most reports decided, a backlog of 5 % left; one
            # statement, the triggers keeping the day sums for each row it changes.
            with timed() as took:
                async with db.transaction() as conn:
                    await conn.execute("UPDATE reports SET status = 'verified' WHERE id % 20 != 0")
            figures["verify_all"] = took[0]
            backlog = next(
                r[0]
                for r in await reader.execute_fetchall(
                    "SELECT COUNT(DISTINCT member_id) FROM reports WHERE status = 'reported'"
                )
            )
            zone = await DaySumRepo(reader).zone(cid)
            kept = (
                "the same"
                if await DaySumRepo(reader).rows(cid) == await DaySumRepo(reader).fresh(cid, offset)
                else "DIFFERENT"
            )
            figures["digest_5"] = await _median(runs, digest_count)
            figures["town_5"] = await _median(runs, town_flags)
            await digest_count()
            figures["digest_5_held"] = await _median(runs, digest_count, held=True)
            fast_5 = (await judge_pending(reader, loaded, None)).flagged_pending
            async with db.transaction() as conn:  # forget the sums: the ledger's own path again
                await conn.execute("DELETE FROM day_sum_zones")
            with timed() as took:
                slow_5 = (await judge_pending(reader, loaded, None)).flagged_pending
            figures["digest_5_ledger"] = took[0]
            figures["town_5_ledger"] = await _median(runs, town_flags)
            agree += "; 5 %: " + ("the same" if fast_5 == slow_5 else "DIFFERENT")
            if not pending_only:
                reference_5 = (await judge(reader, loaded, None)).flagged_pending
                agree += ", reference: " + ("the same" if fast_5 == reference_5 else "DIFFERENT")
            assert zone is not None
        finally:
            await db.close()

    def ms(key: str) -> str:
        return f"{figures[key] * 1000:,.0f} ms"

    every = (
        []
        if pending_only
        else [
            ("every report's flags in one go: reads + rules", ms("every")),
            ("  of which the two reads (live entries, day totals)", ms("reads")),
            ("  of which the rules (pure domain)", ms("rules")),
            ("  vs the floor", f"{figures['every'] / figures['floor']:.1f}×"),
            ("the export's column (500 members at a time, bounded memory)", ms("export")),
        ]
    )

    def vs(key: str) -> str:
        return f"{ms(key)}  ({figures[key] / figures['floor']:.1f}× the floor)"

    def both(key: str) -> str:
        return f"{vs(key)}; from the ledger: {vs(key + '_ledger')}"

    table(
        f"Anomaly flags: 5,000 members / 500 units / {rows:,} ledger rows (median of {runs} runs)",
        [
            ("generate data", f"{built[0]:.1f} s"),
            ("floor: one grouped SELECT of per-member totals", ms("floor")),
            *every,
            ("day sums built from the ledger (once per campaign)", ms("build")),
            ("county digest count, nothing reviewed yet (all pending)", both("digest_all")),
            (f"one town's /verify flags ({len(town_ids):,} members), all pending", both("town")),
            ("verifying 95 % in one statement (triggers keep the sums)", ms("verify_all")),
            (f"county digest count, 5 % pending ({backlog:,} members with a backlog)", both("digest_5")),
            ("one town's /verify flags, 5 % pending", both("town_5")),
            ("county digest count again, no write between (held)", vs("digest_5_held")),
            ("flagged pending reports found (all pending / 5 %)", f"{len(fast):,} / {len(fast_5):,}"),
            ("  day sums vs the ledger's grouping (and the reference rules)", agree),
            ("  day sums after the writes vs a fresh GROUP BY", kept),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main("--quick" in sys.argv, "--pending" in sys.argv))
