"""The progress book's per member-task sums read from the kept day sums (DaySumRepo.aggregates) are the
ledger's own (ReportRepo.aggregates): reported and verified totals, their parts counted from the day
holding a moment on (in the campaign's zone, by the one day rule), and the
last report sent and the counted steps the tie-break is found on (those also checked by hand) — after
writes of every kind (reports, named work days, undo, edit, a message edited, verify / reject, deletions,
a correction moved), for a moment at a local midnight, inside a day, at a report's very
second, before the first report and after the last; and the forecast's window sums read in the same
pass are DaySumRepo.window_sums."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from bot.domain.forecast import Sums
from bot.domain.reaching import Steps
from bot.storage.codec import from_ts
from bot.storage.day_sums import DaySumRepo
from bot.storage.db import Database
from bot.storage.ledger import Aggregate, ReportRepo

from .conftest import NOW, TZ, seed
from .ledger_writes import OFFSET, _member, _write


async def _moments(db: Database, rng: random.Random) -> list[datetime]:
    rows = list(await db.reader.execute_fetchall("SELECT created_at FROM reports"))
    seconds = [datetime.fromtimestamp(int(r[0]), UTC) for r in rng.sample(rows, min(6, len(rows)))]
    midnights = [datetime(2026, 11, d, tzinfo=TZ) for d in (1, 13, 16, 20)]
    inside = [NOW - timedelta(days=rng.randint(0, 25), minutes=rng.randint(0, 1439)) for _ in range(6)]
    return [*seconds, *(s + timedelta(seconds=1) for s in seconds), *midnights, *inside, NOW + timedelta(days=3)]


async def _agree(db: Database, cid: int, moments: list[datetime]) -> None:
    for since in moments:
        for verified_only in (False, True):
            # The ledger reads the day in `since`'s own zone: the campaign's, as every caller hands it over.
            local = since.astimezone(TZ)
            expected = await ReportRepo(db.reader).aggregates(cid, local, verified_only=verified_only)
            found = await DaySumRepo(db.reader).aggregates(cid, OFFSET, since, verified_only=verified_only)
            assert sorted(found, key=_key) == sorted(expected, key=_key), (since, verified_only)


def _key(a: Aggregate) -> tuple[int, str]:
    return a.member_id, a.task


async def test_the_books_sums_from_the_day_sums_are_the_ledgers(db: Database) -> None:
    cid, first = await seed(db)
    members = [first, await _member(db, "李四"), await _member(db, "王五")]
    rng = random.Random(23)
    await _write(db, cid, members, rng, 40)
    async with db.transaction() as conn:
        await DaySumRepo(conn).build(cid, OFFSET)
    await _agree(db, cid, await _moments(db, rng))
    for _ in range(6):
        await _write(db, cid, members, rng, 25)
        await _agree(db, cid, await _moments(db, rng))


async def test_a_member_task_whose_entries_were_all_rejected_sums_nothing_but_was_sent(db: Database) -> None:
    cid, member = await seed(db)
    async with db.transaction() as conn:
        await DaySumRepo(conn).build(cid, OFFSET)
        await conn.execute(
            "INSERT INTO reports (campaign_id, member_id, task, delta, source, created_at) "
            "VALUES (?, ?, 'visit', 4, 'text', ?)",
            (cid, member, int(NOW.timestamp())),
        )
    async with db.transaction() as conn:  # its day's row of pending entries is left with zeros
        await conn.execute("UPDATE reports SET status = 'verified'")
        await conn.execute("UPDATE reports SET status = 'rejected'")
    sent = Aggregate(member, "visit", 0, 0, NOW)  # the member did report: that ends a silence
    assert await ReportRepo(db.reader).aggregates(cid, NOW) == [sent]
    assert await DaySumRepo(db.reader).aggregates(cid, OFFSET, NOW) == [sent]


async def _by_hand(db: Database, cid: int, verified_only: bool) -> dict[tuple[int, str], tuple[object, ...]]:
    """Each member-task's latest report sent (no correction, nor one typed for them and taken back; by the
    moment that dates it: `counted_at`, else when written) and its counted steps, from its ledger rows
    in Python: every entry not rejected, at when it was sent — or, `verified_only`, every verified entry
    at when it was verified (a verification with no time recorded, a verified entry's correction: at
    when written) — one moment's entries summed, the moments that net 0 left out."""
    rows = list(
        await db.reader.execute_fetchall(
            "SELECT id, member_id, task, status, source, created_at, verified_at, delta, counted_at, entered_by "
            "FROM reports WHERE campaign_id = ?",
            (cid,),
        )
    )
    corrected = {r[0] for r in await db.reader.execute_fetchall("SELECT corrects_id FROM reports") if r[0]}
    out: dict[tuple[int, str], tuple[object, ...]] = {}
    for key in {(r[1], r[2]) for r in rows}:
        mine = [r for r in rows if (r[1], r[2]) == key]
        sent = [r[8] or r[5] for r in mine if r[4] != "correction" and not (r[9] and r[0] in corrected)]
        if verified_only:
            counted = [(r[6] or r[5], r[7]) for r in mine if r[3] == "verified"]
        else:
            counted = [(r[5], r[7]) for r in mine if r[3] != "rejected"]
        out[key] = (from_ts(max(sent)) if sent else None, Steps.of(counted))
    return out


async def test_the_moments_are_the_latest_report_sent_and_the_counted_steps(db: Database) -> None:
    cid, first = await seed(db)
    members = [first, await _member(db, "李四"), await _member(db, "王五")]
    rng = random.Random(31)
    async with db.transaction() as conn:
        await DaySumRepo(conn).build(cid, OFFSET)
    for _ in range(5):
        await _write(db, cid, members, rng, 30)
        for verified_only in (False, True):
            for found in (
                await ReportRepo(db.reader).aggregates(cid, NOW, verified_only=verified_only),
                await DaySumRepo(db.reader).aggregates(cid, OFFSET, NOW, verified_only=verified_only),
            ):
                moments = {(a.member_id, a.task): (a.sent_at, a.steps) for a in found}
                assert moments == await _by_hand(db, cid, verified_only)


def _some(sums: dict[int, dict[str, Sums]]) -> dict[int, dict[str, Sums]]:
    """Leaving out the sums of nothing (a member-task whose every entry was rejected adds nothing)."""
    kept = {m: {t: s for t, s in tasks.items() if s != Sums()} for m, tasks in sums.items()}
    return {m: tasks for m, tasks in kept.items() if tasks}


async def test_the_forecasts_window_read_with_the_book_is_window_sums(db: Database) -> None:
    cid, first = await seed(db)
    members = [first, await _member(db, "李四"), await _member(db, "王五")]
    rng = random.Random(5)
    async with db.transaction() as conn:
        await DaySumRepo(conn).build(cid, OFFSET)
    for _ in range(4):
        await _write(db, cid, members, rng, 30)
        repo = DaySumRepo(db.reader)
        for today in (date(2026, 11, 20), date(2026, 11, 13), date(2026, 12, 1)):
            window_first = today - timedelta(days=rng.randint(0, 7))
            for verified_only in (False, True):
                expected = await repo.window_sums(cid, window_first, today, verified_only=verified_only)
                found = await repo.book(cid, OFFSET, NOW, (window_first, today, verified_only))
                assert found.window is not None
                assert _some(found.window) == _some(expected), (today, window_first, verified_only)
