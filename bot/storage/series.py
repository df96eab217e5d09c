"""Daily series from the ledger (issue 11 §3, the forecast): per member and task, the sum per day the
work was done, in one grouped query over the campaign, however many members it has.

The day is the one day rule's (README): the one the member named (`work_date`, `昨天走访5户`), else the
campaign's local date of the moment the entry counts at (`counted_at`: a correction's is the entry's it
corrects, an undated edit's its message's first entry's; else `created_at`, unix seconds). SQLite knows
no time zones, so the local date is computed with the zone's UTC offset, and with a CASE over the offset
changes when the campaign spans one (summer time): exact, and one addition per row for the zones that
never change (Asia/Shanghai).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.forecast import Sums

Series = dict[int, dict[str, dict[date, int]]]  # member id → task → work date → sum


def _offset(zone: ZoneInfo, ts: int) -> int:
    offset = datetime.fromtimestamp(ts, UTC).astimezone(zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _offsets(zone: ZoneInfo, first: date, last: date) -> list[tuple[int, int]]:
    """(from unix second, UTC offset) for the span `first` … `last` (a day either side): the first
    entry's offset holds before it too. An hourly walk finds each change, a bisection its second."""
    ts = int(datetime.combine(first - timedelta(days=1), time(), UTC).timestamp())
    stop = int(datetime.combine(last + timedelta(days=2), time(), UTC).timestamp())
    out = [(ts, _offset(zone, ts))]
    while ts < stop:
        step = ts + 3600
        if _offset(zone, step) != out[-1][1]:
            lo, hi = ts, step  # offset(lo) is the old one, offset(hi) the new one
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if _offset(zone, mid) == out[-1][1] else (lo, mid)
            out.append((hi, _offset(zone, hi)))
        ts = step
    return out


def local_day_sql(zone: ZoneInfo, first: date, last: date, moment: str = "created_at") -> tuple[str, list[int]]:
    """An SQL expression of `moment`'s local date ('YYYY-MM-DD') in `zone`, exact for entries between
    `first` and `last`, and its parameters."""
    changes = _offsets(zone, first, last)
    if len(changes) == 1:
        return f"date({moment} + ?, 'unixepoch')", [changes[0][1]]
    whens = " ".join(f"WHEN {moment} >= ? THEN ?" for _ in changes[1:])
    params = [n for since, offset in reversed(changes[1:]) for n in (since, offset)]
    return f"date({moment} + CASE {whens} ELSE ? END, 'unixepoch')", [*params, changes[0][1]]


class SeriesRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def daily(
        self,
        campaign_id: int,
        timezone: str,
        first: date,
        last: date,
        *,
        verified_only: bool,
        members: Sequence[int] | None = None,
    ) -> Series:
        """Per member, task and work date: the sum of verified entries (`verified_only`, when only
        verified work counts) or of every entry not rejected, each on its day by the one day rule (a
        correction nets out on its entry's day). `first`/`last`: the campaign's days (where the local date
        must be exact). `members`: those members only (the campaign's reporting index serves each)."""
        day_expr, day_params = local_day_sql(ZoneInfo(timezone), first, last, "COALESCE(counted_at, created_at)")
        status = "status = 'verified'" if verified_only else "status != 'rejected'"
        member_clause = f" AND member_id IN ({','.join('?' * len(members))})" if members is not None else ""
        params = [*day_params, campaign_id, *(members or ())]
        rows = await self.conn.execute_fetchall(
            f"SELECT member_id, task, COALESCE(work_date, {day_expr}) AS day, SUM(delta) FROM reports "
            f"WHERE campaign_id = ? AND {status}{member_clause} GROUP BY member_id, task, day",
            params,
        )
        out: Series = {}
        days: dict[str, date] = {}  # a few dozen distinct days: parse each once
        for member, task, day, amount in rows:
            when = days.get(day) or days.setdefault(day, date.fromisoformat(day))
            out.setdefault(member, {}).setdefault(task, {})[when] = int(amount)
        return out

    async def window_sums(
        self,
        campaign_id: int,
        zone: ZoneInfo,
        window_first: date,
        today: date,
        *,
        verified_only: bool,
        members: Sequence[int] | None = None,
    ) -> dict[int, dict[str, Sums]]:
        """Per member and task, what a forecast on `today` needs of the daily series (Sums): everything
        (no entry is dated after the day it is recorded), before today, and from `window_first` up
        to yesterday. Day boundaries are local midnights, so summer time is exact.

        Two reads, neither sorting nor looking rows up one by one: the sums by the day each entry was
        recorded, grouped by member and task from the reporting index (which holds `created_at`, not
        `work_date`); then the few entries dated otherwise — by the member (`昨天`), or by the entry a
        correction or an undated edit carries (`counted_at`) — read in one pass over the table, move from
        the day they were recorded to the day they count on."""
        today_ts = int(datetime.combine(today, time(), zone).timestamp())
        window_ts = int(datetime.combine(window_first, time(), zone).timestamp())
        status = "status = 'verified'" if verified_only else "status != 'rejected'"
        member_clause = f" AND member_id IN ({', '.join('?' * len(members))})" if members is not None else ""
        scope = [campaign_id, *(members or ())]
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, task, SUM(delta), SUM(CASE WHEN created_at >= ? THEN delta ELSE 0 END), "
            "SUM(CASE WHEN created_at < ? THEN delta ELSE 0 END) "
            f"FROM reports WHERE campaign_id = ? AND {status}{member_clause} GROUP BY member_id, task",
            [today_ts, window_ts, *scope],
        )
        # member → task → [done, dated today, dated before the window]
        found: dict[int, dict[str, list[int]]] = {}
        for member, task, done, today_sum, old in rows:
            found.setdefault(member, {})[task] = [int(done), int(today_sum), int(old)]
        # Over the whole campaign, one sequential pass: the reporting index would fetch every row.
        table = "reports NOT INDEXED" if members is None else "reports"
        dated = await self.conn.execute_fetchall(
            f"SELECT member_id, task, work_date, counted_at, created_at, delta FROM {table} "
            f"WHERE campaign_id = ? AND {status}{member_clause} AND (work_date IS NOT NULL OR counted_at IS NOT NULL)",
            scope,
        )
        today_iso, window_iso = today.isoformat(), window_first.isoformat()
        for member, task, work_date, counted_at, created_at, delta in dated:
            sums = found[member][task]
            if work_date is not None:
                today_then, old_then = work_date >= today_iso, work_date < window_iso
            else:
                today_then, old_then = counted_at >= today_ts, counted_at < window_ts
            sums[1] += delta * (today_then - (created_at >= today_ts))
            sums[2] += delta * (old_then - (created_at < window_ts))
        return {
            member: {task: Sums(done, done - t, done - t - old) for task, (done, t, old) in tasks.items()}
            for member, tasks in found.items()
        }
