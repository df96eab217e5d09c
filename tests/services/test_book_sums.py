"""The progress book a digest loads is the same from the kept day sums as from the ledger itself: every
standing of every unit and member against every milestone, the laggard list and every forecast (whose
window sums a book from the day sums brings along) — on randomized ledgers
with verified, rejected, undone, edited, proxy and named-day entries, a member removed from the roster
whose work still counts, a member on leave, at moments inside a day, at a report's very second, early in
the campaign (the recent window starts at its start) and after its end; before the sums exist and through
more writes. Both date every entry by the one day rule (README): undos and edits days later included."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.domain.leave import Leave
from bot.services.day_sums import campaign_offset, keep_day_sums
from bot.storage.campaigns import CampaignRecord
from bot.storage.day_sums import DaySumRepo
from bot.storage.leaves import LeaveRepo
from bot.storage.org import MemberRepo
from bot.storage.series import SeriesRepo
from tests.counted_rule import by_the_rule, kept

from .book_agreement import _agree
from .ledgers import EXTRA, START, decide_some, random_ledger
from .towns import Town, open_town


async def _by_the_rule(town: Town, record: CampaignRecord) -> None:
    """The kept day sums and the ledger's daily series date each entry as the one day rule's joins do."""
    reader, offset = town.services.db.reader, campaign_offset(record)
    rule = await by_the_rule(reader, record.id, offset)
    assert await kept(reader, record.id) == rule
    series = await SeriesRepo(reader).daily(
        record.id, "Asia/Shanghai", START.date(), (START + timedelta(days=40)).date(), verified_only=False
    )
    counted: dict[tuple[int, str, str], int] = {}
    for (member, task, day, status), n in rule.items():
        if status != "rejected":
            counted[member, task, day] = counted.get((member, task, day), 0) + n
    days = {(m, t, d.isoformat()): n for m, tasks in series.items() for t, ds in tasks.items() for d, n in ds.items()}
    assert {k: n for k, n in days.items() if n} == {k: n for k, n in counted.items() if n}


async def test_the_book_from_the_day_sums_is_the_ledgers(tmp_path: Path) -> None:
    for seed in range(3):
        mode, cadres = ("required", "optional")[seed % 2], {n: "v" + c for n, c in EXTRA.items()}
        town = await open_town(tmp_path / str(seed), verification=mode, cadres=cadres)
        try:
            db, rng = town.services.db, random.Random(seed)
            await random_ledger(town, rng, 300)
            record = await town.campaign()
            rows = await db.reader.execute_fetchall("SELECT id FROM members WHERE name IN ('员1', '员2') ORDER BY name")
            gone, away = (int(r[0]) for r in rows)
            roster = [
                int(r[0])
                for r in await db.reader.execute_fetchall(
                    "SELECT member_id FROM campaign_members WHERE campaign_id = ? AND active = 1", (record.id,)
                )
            ]
            async with db.transaction() as conn:
                await MemberRepo(conn).set_campaign_members(record.id, [i for i in roster if i != gone])
                leave = Leave(date(2026, 11, 18), date(2026, 11, 26))
                await LeaveRepo(conn).add(record.id, away, leave, None, START, None)
            sent = await db.reader.execute_fetchall("SELECT created_at FROM reports")
            seconds = [datetime.fromtimestamp(int(r[0]), UTC) for r in rng.sample(list(sent), 4)]
            moments = [
                *seconds,  # at a report's very second
                *(START + timedelta(days=rng.randint(1, 29), minutes=rng.randint(0, 1439)) for _ in range(4)),
                START + timedelta(hours=5),  # early: the recent window starts at the campaign's start
                START + timedelta(days=33),  # after the end
            ]
            await keep_day_sums(db, record)
            assert await DaySumRepo(db.reader).zone(record.id) is not None
            await _agree(town, moments)
            await _by_the_rule(town, record)
            await decide_some(town, rng)
            async with db.transaction() as conn:  # back on the roster for more reports, then removed again
                await MemberRepo(conn).set_campaign_members(record.id, roster)
            await random_ledger(town, rng, 100, first=10_000)
            async with db.transaction() as conn:
                await MemberRepo(conn).set_campaign_members(record.id, [i for i in roster if i != gone])
            await _agree(town, moments)  # kept through verifications, rejections, undos and more reports
            await _by_the_rule(town, record)
        finally:
            await town.services.db.close()
