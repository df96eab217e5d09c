"""The pending reports' flags from each member-task's kept judgement (bot/domain/task_flags.py,
migration v13: what /verify, /sample, the digests and the export use) agree with the reference rules
(bot/domain/anomalies.py) applied to the whole live ledger, on randomized ledgers: rejected, verified,
undone and proxy entries, named work days, negative and round numbers, nights, last-minute bursts,
spikes and quotas, fixed seeds — judged from nothing, served kept, and kept through more reports,
undos, verifications and rejections (only the member-tasks written since judged again)."""

from __future__ import annotations

import random
from pathlib import Path

from bot.domain.anomalies import Reason
from bot.services.integrity import flagged_pending_per_member, judge, judge_pending, reason_codes

from .ledgers import EXTRA, decide_some, random_ledger
from .towns import Town, open_town


async def _agree(town: Town, rng: random.Random) -> set[Reason]:
    """Compare both paths over the whole campaign and a few members; the reasons seen."""
    record = await town.campaign()
    loaded = await town.services.progress.load(record)
    reference = await judge(town.services.db.reader, loaded, None)
    rows = await town.services.db.reader.execute_fetchall("SELECT id, member_id FROM reports")
    owners = {int(r[0]): int(r[1]) for r in rows}
    seen: set[Reason] = set()
    for scope in [None, sorted(rng.sample(sorted(set(owners.values())), 5))]:
        fast = await judge_pending(town.services.db, loaded, scope)
        expected = {i: reference.findings.of(i) for i in reference.pending if scope is None or owners[i] in scope}
        assert fast.pending == set(expected)
        assert {i: fast.findings.of(i) for i in fast.pending} == expected
        seen |= {f.reason for flags in expected.values() for f in flags}
    counts: dict[int, int] = {}
    for i in reference.flagged_pending:
        counts[owners[i]] = counts.get(owners[i], 0) + 1
    assert await flagged_pending_per_member(town.services.db, loaded) == counts  # what a digest counts
    return seen


async def _codes_agree(town: Town) -> None:
    """The export's column from the kept day sums (every live report, a few members at a time) is the
    reference rules' over every entry."""
    loaded = await town.services.progress.load(await town.campaign())
    reference = await judge(town.services.db.reader, loaded, None)
    expected = {i: tuple(dict.fromkeys(f.reason.value for f in fs)) for i, fs in reference.findings.reports.items()}
    assert await reason_codes(town.services.db, loaded, batch=3) == expected


async def test_the_pending_flags_from_sums_are_the_reference_rules_flags(tmp_path: Path) -> None:
    seen: set[Reason] = set()
    for seed in range(6):
        town = await open_town(
            tmp_path / str(seed), verification="required", cadres={n: "v" + c for n, c in EXTRA.items()}
        )
        try:
            rng = random.Random(seed)
            await random_ledger(town, rng, 400)
            seen |= await _agree(town, rng)  # judged from nothing
            seen |= await _agree(town, rng)  # served kept
            await decide_some(town, rng)
            await random_ledger(town, rng, 150, first=10_000)
            seen |= await _agree(town, rng)  # … and kept by every write since
            await _codes_agree(town)
        finally:
            await town.services.db.close()
    assert seen == set(Reason)  # every rule had flags to agree on
