"""A digest's review backlogs (bot/services/day_sums.py `backlogs`) from parts kept in process between
digests, per member-task at its ledger mark (migration v13's task_marks: moved in every transaction that
writes one of its ledger rows, corrections included — they are the corrected entry's member-task's rows),
checked in the read transaction the rest is read in: the ledger's version unmoved, nothing is read again;
else only the members with a moved mark. What is overdue of the day holding the cut is counted from the
kept sending times, so the cut may move within its day without a read. Another day holding the cut, or
another offset, reads everything again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.services.day_sums import backlogs, campaign_offset
from bot.services.kept_book import WHOLE_PASS_SHARE, moved_since
from bot.storage.campaigns import CampaignRecord
from bot.storage.codec import to_ts
from bot.storage.day_sum_parts import BacklogParts, DaySumParts, Key
from bot.storage.day_sums import DaySumRepo
from bot.storage.db import Database


@dataclass(slots=True)
class _Kept:
    key: tuple[int, int]  # the offset, the sent day holding the cut
    ledger: int  # the day sums' zone version: grows with every write to the campaign's ledger
    marks: dict[Key, int]
    parts: BacklogParts


class KeptBacklogs:
    def __init__(self) -> None:
        self._kept: dict[int, _Kept] = {}

    async def backlogs(
        self, db: Database, record: CampaignRecord, before: datetime
    ) -> tuple[dict[int, int], dict[int, int]]:
        """What `backlogs` gives: per member, the live reports awaiting review, and those sent before
        `before`."""
        offset, cut = campaign_offset(record), to_ts(before)
        key = (offset, (cut + offset) // 86_400)
        async with db.snapshot() as conn:
            zone = await DaySumRepo(conn).zone(record.id)
            if zone is None or zone.offset_seconds != offset:
                self._kept.pop(record.id, None)
                kept = None
            else:
                kept = await self._read(conn, record.id, key, zone.version)
        if kept is None:  # the ledger's own path: nothing kept
            return await backlogs(db, record, before)
        every: dict[int, int] = {}
        earlier: dict[int, int] = {}
        for (member, _), n in kept.parts.every.items():
            every[member] = every.get(member, 0) + n
        for (member, _), n in kept.parts.earlier.items():
            earlier[member] = earlier.get(member, 0) + n
        for (member, _), times in kept.parts.on_boundary.items():
            if n := sum(1 for t in times if t < cut):
                earlier[member] = earlier.get(member, 0) + n
        return {m: n for m, n in every.items() if n}, {m: n for m, n in earlier.items() if n}

    async def _read(self, conn: aiosqlite.Connection, campaign_id: int, key: tuple[int, int], ledger: int) -> _Kept:
        kept = self._kept.get(campaign_id)
        if kept is not None and kept.key == key and kept.ledger == ledger:
            return kept
        parts = DaySumParts(conn)
        marks = await parts.marks(campaign_id)
        moved = None if kept is None or kept.key != key else moved_since(kept.marks, marks)
        if kept is None or moved is None or len(moved) > WHOLE_PASS_SHARE * max(1, len(marks)):
            kept = _Kept(key, ledger, marks, await parts.backlog(campaign_id, key[0], key[1]))
        else:
            members = {m for m, _ in moved}
            fresh = await parts.backlog(campaign_id, key[0], key[1], sorted(members))
            old = kept.parts
            kept = _Kept(
                key,
                ledger,
                marks,
                BacklogParts(
                    {k: n for k, n in old.every.items() if k[0] not in members} | fresh.every,
                    {k: n for k, n in old.earlier.items() if k[0] not in members} | fresh.earlier,
                    {k: t for k, t in old.on_boundary.items() if k[0] not in members} | fresh.on_boundary,
                ),
            )
        self._kept[campaign_id] = kept
        return kept
