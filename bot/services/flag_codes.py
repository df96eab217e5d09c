"""The export's column of anomaly reasons (issue 11 §4): every live report of a campaign judged as if
pending, from each member-task's entries and the peers' ceilings the kept judgements sum
(bot/services/flags.py)."""

from __future__ import annotations

import asyncio

from bot.services.flags import _ceilings, _offset, _Rules, refresh
from bot.services.progress import LoadedBook
from bot.storage.db import Database
from bot.storage.signals import SignalRepo
from bot.storage.task_flags import Mark, TaskFlagRepo


async def reason_codes(db: Database, loaded: LoadedBook, batch: int = 500) -> dict[int, tuple[str, ...]]:
    """Report id → its reasons' codes, every live report of the campaign (the export's column): each
    member-task judged over all its entries (every one counted as if pending), `batch` members at a
    time, under the peers' ceilings the kept judgements sum — memory follows the batch, not the ledger."""
    record, rules = loaded.record, _Rules.of(loaded)
    await refresh(db, loaded, rules)
    async with db.snapshot() as conn:
        peers = await TaskFlagRepo(conn).peer_counts(record.id)
    repo = SignalRepo(db.reader)
    reporters = await repo.reporters(record.id)
    codes: dict[int, tuple[str, ...]] = {}
    for first in range(0, len(reporters), batch):
        entries, _ = await repo.entries(record.id, reporters[first : first + batch], _offset(record))
        entries.sort(key=lambda e: (e.at, e.id))
        every = {e.id for e in entries}
        marks = sorted({(e.member_id, e.task) for e in entries})
        judged = await asyncio.to_thread(rules.judge, [Mark(m, t, 0, None, None) for m, t in marks], entries, every)
        for j, ceiling in zip(judged, _ceilings(loaded, judged, peers), strict=True):
            for report_id, flags in j.flags(ceiling).items():
                codes[report_id] = tuple(dict.fromkeys(f.reason.value for f in flags))
    return codes
