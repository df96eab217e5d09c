"""Synthetic campaigns of any size, written straight into a real SQLite file."""

from __future__ import annotations

import random
import resource
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.model import Assignee, CalendarSpec, Campaign, Member, Milestone, Role, TaskType, Unit
from bot.services.clock import ManualClock
from bot.storage.campaigns import CampaignRepo, QuotaRepo
from bot.storage.db import Database
from bot.storage.org import MemberRepo, UnitRepo

SH = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 12, 8, 0, tzinfo=SH)
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=SH)
TASKS = (TaskType("visit", "入户走访", "户", ("走访",)), TaskType("checkup", "健康体检", "人", ("体检",)))


def campaign(calendar: CalendarSpec | None = None) -> Campaign:
    """`calendar`: a plan's (without one, a campaign built in code counts every day)."""
    end = datetime(2027, 1, 5, 18, 0, tzinfo=SH)
    made = Campaign(
        "bench",
        "压测活动",
        START,
        end,
        tasks=TASKS,
        milestones=(Milestone(60, datetime(2026, 12, 5, 18, 0, tzinfo=SH)), Milestone(100, end)),
    )
    return made if calendar is None else replace(made, calendar=calendar)


async def build(
    path: Path, units: int, members: int, rows: int, *, joined: bool = True, calendar: CalendarSpec | None = None
) -> tuple[Database, int]:
    """county → towns (√units) → villages; members spread over villages; `rows` ledger entries."""
    db = await Database.open(path)
    towns = max(1, int(units**0.5))
    tree = [Unit("root", "县", "county")] + [Unit(f"t{i}", f"镇{i}", "town", "root") for i in range(towns)]
    villages = [Unit(f"v{i}", f"村{i}", "village", f"t{i % towns}") for i in range(units - towns - 1)]
    people = [Member(f"m{i}", f"干部{i}", villages[i % len(villages)].code, Role.CADRE) for i in range(members)]
    async with db.transaction() as conn:
        cid = await CampaignRepo(conn).save(campaign(calendar), NOW - timedelta(days=20))
        await UnitRepo(conn).upsert_many(tree + villages)
        await UnitRepo(conn).set_campaign_units(cid, [u.code for u in tree + villages])
        await conn.executemany(
            "INSERT INTO members (key, name, unit_code, role, telegram_user_id) VALUES (?, ?, ?, 'cadre', ?)",
            [(m.key, m.name, m.unit_code, 10_000 + i if joined else None) for i, m in enumerate(people)],
        )
        ids = [r[0] async for r in await conn.execute("SELECT id FROM members ORDER BY id")]
        await MemberRepo(conn).set_campaign_members(cid, ids)
        quotas = {(Assignee.member(m.key), t.key): 40 for m in people for t in TASKS}
        await QuotaRepo(conn).replace_all(cid, quotas)
    await _ledger(path, cid, ids, rows)
    return db, cid


async def _ledger(path: Path, cid: int, member_ids: list[int], rows: int) -> None:
    """Bulk rows through plain sqlite3 (what a year of reports leaves behind), in 100k batches."""
    rng = random.Random(7)
    base = int(START.timestamp())
    with sqlite3.connect(path) as conn:
        for first in range(0, rows, 100_000):
            batch = [
                (
                    cid,
                    rng.choice(member_ids),
                    rng.choice(("visit", "checkup")),
                    rng.randint(1, 5),
                    "text",
                    1,
                    first + i,
                    0,
                    base + rng.randint(0, 18 * 86_400),
                    "reported",
                )
                for i in range(min(100_000, rows - first))
            ]
            conn.executemany(
                "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, revision, "
                "created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                batch,
            )


async def floor(db: Database, campaign_id: int) -> object:
    """The fair floor of the ledger benches: one plain grouped SELECT of the per-member totals (what any
    progress view reads anyway), in the table's own order."""
    return await db.reader.execute_fetchall(
        "SELECT member_id, task, SUM(delta) FROM reports WHERE campaign_id = ? AND status != 'rejected' "
        "GROUP BY member_id, task",
        (campaign_id,),
    )


async def burst(db: Database, campaign_id: int, member_ids: list[int], n: int) -> None:
    """`n` new pending reports at the bench's clock, one each from `n` members spread over the roster."""
    step = max(1, len(member_ids) // n)
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO reports (campaign_id, member_id, task, delta, source, created_at) "
            "VALUES (?, ?, 'visit', 3, 'text', ?)",
            [(campaign_id, m, int(clock()().timestamp())) for m in member_ids[::step][:n]],
        )


def clock() -> ManualClock:
    return ManualClock(NOW)


@contextmanager
def timed() -> Iterator[list[float]]:
    box: list[float] = []
    start = time.perf_counter()
    yield box
    box.append(time.perf_counter() - start)


def peak_rss_mb() -> float:
    """This process's peak resident set. On Linux VmHWM, not ru_maxrss: a process started by
    fork + exec inherits its parent's ru_maxrss, which would report the parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / 1024 if sys.platform != "darwin" else usage / 1024 / 1024


def machine() -> str:
    import os
    import platform

    return (
        f"{os.cpu_count()} CPU · Python {platform.python_version()} · SQLite {sqlite3.sqlite_version} · "
        f"{datetime.now(UTC):%Y-%m-%d}"
    )


def table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"\n## {title}")
    for key, value in rows:
        print(f"  {key.ljust(width)}  {value}")
