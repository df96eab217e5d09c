"""Anomaly evaluation (issue 11 §4) over 5,000 members and 1,000,000 ledger rows in a real SQLite
file: what a county leader's digest, /verify and the export each pay for the flags.

Printed beside a fair floor measured in the same run on the same file: one plain grouped SELECT of
the per-member totals (what any progress view reads anyway). Every report's flags by the reference
rules read every live entry and the day totals; the pending reports' flags (digests, /verify, /sample)
read each member-task's judgement kept since its last write (bot/domain/task_flags.py, migration v13),
judging again only the member-tasks written since: timed with none written, after a burst of new
reports, and after a write to every member-task. The bench checks that the kept judgements find the
reference's flagged pending reports. No assertions: figures only (bench/README.md).

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

from bench.scale import build, burst, clock, floor, machine, table, timed
from bot.domain.anomalies import evaluate
from bot.domain.live_entries import DayTotal, Entry
from bot.services.flags import _HELD, refresh
from bot.services.integrity import _offset, flagged_pending_per_member, judge, judge_pending, reason_codes
from bot.services.progress import ProgressService
from bot.storage.campaigns import CampaignRepo
from bot.storage.signals import SignalRepo

RUNS = 3  # 1 at full size: each run reads the million rows several times
BURST = 500  # new reports between two digests: a few minutes of a county's reporting


async def _median(
    runs: int, step: Callable[[], Awaitable[object]], *, before: Callable[[], Awaitable[object]] | None = None
) -> float:
    """The median time of `step`, each run fresh (nothing held from an earlier one), after `before`."""
    times = []
    for _ in range(runs):
        _HELD.clear()
        if before is not None:
            await before()
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

            async def the_floor() -> object:
                return await floor(db, cid)

            async def reads() -> tuple[list[Entry], list[DayTotal]]:
                entries, _ = await SignalRepo(reader).entries(cid, None, offset)
                return entries, await SignalRepo(reader).day_totals(cid, offset)

            entries, totals = await reads() if not pending_only else ([], [])

            async def rules() -> object:
                checkpoints = [m.due for m in c.milestones]
                return evaluate(entries, totals, c.anomalies, timezone=c.timezone, checkpoints=checkpoints)

            figures = {"floor": await _median(runs, the_floor)}
            with timed() as took:  # every member-task judged from nothing: once per campaign
                await refresh(db, loaded)
            figures["judge_all"] = took[0]
            if not pending_only:
                figures["every"] = await _median(runs, lambda: judge(reader, loaded, None))
                figures["export"] = await _median(runs, lambda: reason_codes(db, loaded))
                figures["reads"] = await _median(runs, reads)
                figures["rules"] = await _median(runs, rules)

            async def digest_count() -> object:
                return await flagged_pending_per_member(db, loaded)

            async def town_flags() -> object:
                return await judge_pending(db, loaded, town_ids)

            async def a_burst() -> None:
                await burst(db, cid, member_ids, BURST)

            member_ids = [m.id for m in loaded.members.values()]
            figures["digest_all"] = await _median(runs, digest_count)
            figures["town"] = await _median(runs, town_flags)
            figures["digest_all_burst"] = await _median(runs, digest_count, before=a_burst)
            fast = (await judge_pending(db, loaded, None)).flagged_pending
            agree = ""
            if not pending_only:
                reference = (await judge(reader, loaded, None)).flagged_pending
                agree = "the same" if fast == reference else "DIFFERENT"
            # The usual state of a reviewed campaign: most reports decided, a backlog of 5 % left; one
            # statement, the triggers keeping the day sums and the write counts for each row it changes.
            with timed() as took:
                async with db.transaction() as conn:
                    await conn.execute("UPDATE reports SET status = 'verified' WHERE id % 20 != 0")
            figures["verify_all"] = took[0]
            with timed() as took:  # every member-task was written: all judged again
                await refresh(db, loaded)
            figures["rejudge_all"] = took[0]
            backlog = next(
                r[0]
                for r in await reader.execute_fetchall(
                    "SELECT COUNT(DISTINCT member_id) FROM reports WHERE status = 'reported'"
                )
            )
            figures["digest_5"] = await _median(runs, digest_count)
            figures["town_5"] = await _median(runs, town_flags)
            figures["digest_5_burst"] = await _median(runs, digest_count, before=a_burst)
            fast_5 = (await judge_pending(db, loaded, None)).flagged_pending
            reference_5 = (await judge(reader, loaded, None)).flagged_pending
            agree += ("; " if agree else "") + "5 %: " + ("the same" if fast_5 == reference_5 else "DIFFERENT")
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
            ("every member-task judged from nothing (once per campaign)", ms("judge_all")),
            ("county digest count, nothing reviewed yet (all pending)", vs("digest_all")),
            (f"one town's /verify flags ({len(town_ids):,} members), all pending", vs("town")),
            (f"county digest count after {BURST} new reports from {BURST} members", vs("digest_all_burst")),
            ("verifying 95 % in one statement (triggers keep sums and counts)", ms("verify_all")),
            ("every member-task judged again after that (all written)", ms("rejudge_all")),
            (f"county digest count, 5 % pending ({backlog:,} members with a backlog)", vs("digest_5")),
            ("one town's /verify flags, 5 % pending", vs("town_5")),
            (f"county digest count after {BURST} new reports, 5 % pending", vs("digest_5_burst")),
            ("flagged pending reports found (all pending / 5 %)", f"{len(fast):,} / {len(fast_5):,}"),
            ("  kept judgements vs the reference rules over every entry", agree),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main("--quick" in sys.argv, "--pending" in sys.argv))
