"""Judging in batches — each batch read while the one before is judged — keeps the same judgements as
the reference rules over the whole ledger, however small the batches: from nothing, and again after
more reports, verifications and rejections (several batches stale at once)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.services import flags
from bot.services.integrity import flagged_pending_per_member, judge

from .ledgers import EXTRA, decide_some, random_ledger
from .towns import Town, open_town


async def _agree(town: Town) -> None:
    record = await town.campaign()
    loaded = await town.services.progress.load(record)
    reference = await judge(town.services.db.reader, loaded, None)
    rows = await town.services.db.reader.execute_fetchall("SELECT id, member_id FROM reports")
    owners = {int(r[0]): int(r[1]) for r in rows}
    counts: dict[int, int] = {}
    for i in reference.flagged_pending:
        counts[owners[i]] = counts.get(owners[i], 0) + 1
    assert await flagged_pending_per_member(town.services.db, loaded) == counts


async def test_small_batches_judge_as_the_reference_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flags, "BATCH", 3)  # a dozen member-tasks: several batches, each read ahead
    for seed in range(3):
        town = await open_town(
            tmp_path / str(seed), verification="required", cadres={n: "v" + c for n, c in EXTRA.items()}
        )
        try:
            rng = random.Random(seed)
            await random_ledger(town, rng, 300)
            await _agree(town)
            await decide_some(town, rng)
            await random_ledger(town, rng, 100, first=10_000)
            await _agree(town)
        finally:
            await town.services.db.close()
