"""Each member-task's kept judgement (migration v13, bot/storage/migration_v13.py): which are stale,
their live entries to judge again, and the judgements with the peers' day counts they sum."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import aiosqlite

from bot.domain.anomalies import Flag, Reason
from bot.domain.live_entries import Entry
from bot.domain.spikes import SpikeDay
from bot.domain.task_flags import TaskJudgement
from bot.storage.signals import _DAY, _LIVE, _Days


@dataclass(frozen=True, slots=True)
class Mark:
    """A member-task's write count now, and the count and rules its kept judgement was made at."""

    member_id: int
    task: str
    version: int
    judged: int | None
    rules: str | None


def _flag(f: Flag) -> list[object]:
    when = None if f.when is None else f.when.isoformat()
    return [f.reason.value, f.figure, f.baseline, when, None if f.day is None else f.day.isoformat()]


def _unflag(member: int, task: str, raw: list[object]) -> Flag:
    reason, figure, baseline, when, day = raw
    return Flag(
        Reason(str(reason)),
        member,
        task,
        int(figure),  # type: ignore[call-overload]
        float(baseline),  # type: ignore[arg-type]
        None if when is None else datetime.fromisoformat(str(when)),
        None if day is None else date.fromisoformat(str(day)),
    )


class TaskFlagRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def marks(self, campaign_id: int) -> list[Mark]:
        rows = await self.conn.execute_fetchall(
            "SELECT m.member_id, m.task, m.version, f.version, f.rules FROM task_marks m LEFT JOIN task_flags f "
            "ON f.campaign_id = m.campaign_id AND f.member_id = m.member_id AND f.task = m.task "
            "WHERE m.campaign_id = ?",
            (campaign_id,),
        )
        return [Mark(*r) for r in rows]

    async def marks_of(self, campaign_id: int, keys: Sequence[tuple[int, str]]) -> list[Mark]:
        """`marks` of the member-tasks `keys` only."""
        rows = await self.conn.execute_fetchall(
            "SELECT m.member_id, m.task, m.version, f.version, f.rules FROM json_each(?) j CROSS JOIN task_marks m "
            "LEFT JOIN task_flags f ON f.campaign_id = m.campaign_id AND f.member_id = m.member_id "
            "AND f.task = m.task WHERE m.campaign_id = ? AND m.member_id = json_extract(j.value, '$[0]') "
            "AND m.task = json_extract(j.value, '$[1]')",
            (json.dumps(keys), campaign_id),
        )
        return [Mark(*r) for r in rows]

    async def writes(self, campaign_id: int) -> int:
        """A number that grows with every write to the campaign's ledger (each write adds to a count)."""
        rows = await self.conn.execute_fetchall(
            "SELECT total(version) FROM task_marks WHERE campaign_id = ?", (campaign_id,)
        )
        return int(next(iter(rows))[0])

    async def entries(
        self, campaign_id: int, offset_seconds: int, keys: Sequence[tuple[int, str]]
    ) -> tuple[list[Entry], set[int]]:
        """The live entries of the member-tasks `keys`, in the order sent, and which of them await review."""
        rows = await self.conn.execute_fetchall(
            f"SELECT r.id, r.member_id, r.task, r.delta, r.created_at, {_DAY}, r.entered_by IS NOT NULL, "
            "r.status = 'reported' FROM json_each(?) j CROSS JOIN reports r INDEXED BY reports_progress "
            "WHERE r.member_id = json_extract(j.value, '$[0]') AND r.task = json_extract(j.value, '$[1]') "
            f"AND {_LIVE} ORDER BY r.created_at, r.id",
            [offset_seconds, json.dumps(keys), campaign_id],
        )
        entries, pending, days = [], set(), _Days()
        for r in rows:
            entries.append(Entry(r[0], r[1], r[2], r[3], datetime.fromtimestamp(r[4], UTC), days(r[5]), bool(r[6])))
            if r[7]:
                pending.add(int(r[0]))
        return entries, pending

    async def save(self, campaign_id: int, judged: Sequence[tuple[TaskJudgement, int, str]]) -> None:
        """Keep each (judgement, write count it was made at, rules) unless a judgement made at a later
        count is kept already, and move the peers' day counts from the days the rows held to the new
        ones — in the caller's transaction, so both agree."""
        keys = [[j.member_id, j.task] for j, _, _ in judged]
        kept = await self.conn.execute_fetchall(
            "SELECT f.member_id, f.task, f.version, f.days FROM json_each(?) j CROSS JOIN task_flags f "
            "WHERE f.campaign_id = ? AND f.member_id = json_extract(j.value, '$[0]') "
            "AND f.task = json_extract(j.value, '$[1]')",
            (json.dumps(keys), campaign_id),
        )
        held = {(int(m), str(t)): (int(v), str(d)) for m, t, v, d in kept}
        moved: dict[tuple[str, int], int] = {}
        rows = []
        for j, version, rules in judged:
            was = held.get((j.member_id, j.task))
            if was is not None and was[0] > version:
                continue  # judged at a later count meanwhile (another process): keep that one
            for total in _totals(was[1] if was is not None else ""):
                moved[(j.task, total)] = moved.get((j.task, total), 0) - 1
            for total in j.days:
                moved[(j.task, total)] = moved.get((j.task, total), 0) + 1
            marks = {str(i): [_flag(f) for f in fs] for i, fs in j.marked.items()}
            spikes = [[s.day.isoformat(), s.total, s.median, s.own, s.steps] for s in j.spikes]
            rows.append(
                (
                    campaign_id,
                    j.member_id,
                    j.task,
                    version,
                    rules,
                    ",".join(map(str, j.days)),
                    len(j.marked),
                    json.dumps(marks) if marks else None,
                    json.dumps([spikes, sorted(j.pending_spiked)]) if spikes else None,
                )
            )
        await self.conn.executemany(
            "INSERT OR REPLACE INTO task_flags (campaign_id, member_id, task, version, rules, days, flagged, marks, "
            "spikes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        await self.conn.executemany(
            "INSERT INTO peer_day_counts (campaign_id, task, total, days) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO UPDATE SET days = days + excluded.days",
            [(campaign_id, task, total, n) for (task, total), n in moved.items() if n],
        )
        await self.conn.execute("DELETE FROM peer_day_counts WHERE campaign_id = ? AND days = 0", (campaign_id,))

    async def peer_counts(self, campaign_id: int) -> dict[str, dict[int, int]]:
        """Per task, every kept day total → on how many member-days."""
        rows = await self.conn.execute_fetchall(
            "SELECT task, total, days FROM peer_day_counts WHERE campaign_id = ?", (campaign_id,)
        )
        counts: dict[str, dict[int, int]] = {}
        for task, total, n in rows:
            counts.setdefault(task, {})[int(total)] = int(n)
        return counts

    async def judgements(self, campaign_id: int, member_ids: Sequence[int] | None) -> list[TaskJudgement]:
        """The kept judgements with a flagged report or a candidate spike day (of `member_ids`; None: all)."""
        members = ""
        params: list[object] = [campaign_id]
        if member_ids is not None:
            members = f" AND member_id IN ({','.join('?' * len(member_ids)) or 'NULL'})"
            params += member_ids
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, task, CASE WHEN spikes IS NULL THEN '' ELSE days END, marks, spikes "
            f"FROM task_flags WHERE campaign_id = ? AND (flagged > 0 OR spikes IS NOT NULL){members}",
            params,
        )
        return [_judgement(*r, reasons=True) for r in rows]

    async def counts(self, campaign_id: int) -> tuple[dict[int, int], list[TaskJudgement]]:
        """What a digest counts: per member, the flagged pending reports of their member-tasks without a
        candidate spike day; and the judgements of those with one (each report's id, not its reasons:
        a spike may fall on a report already counted)."""
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, task, days, marks, spikes, flagged FROM task_flags WHERE campaign_id = ? "
            "AND (flagged > 0 OR spikes IS NOT NULL)",
            (campaign_id,),
        )
        counted: dict[int, int] = {}
        spiky = []
        for member, task, days, marks, spikes, flagged in rows:
            if spikes is None:
                counted[member] = counted.get(member, 0) + flagged
            else:
                spiky.append(_judgement(member, task, days, marks, spikes, reasons=False))
        return counted, spiky


def _judgement(
    member: int, task: str, days: str, marks: str | None, spikes: str | None, *, reasons: bool
) -> TaskJudgement:
    """A kept row as a TaskJudgement; without `reasons` each flagged report's reasons are left out."""
    marked: dict[int, tuple[Flag, ...]] = {}
    if marks:
        for i, fs in json.loads(marks).items():
            marked[int(i)] = tuple(_unflag(member, task, f) for f in fs) if reasons else ()
    candidates: tuple[SpikeDay, ...] = ()
    pending: frozenset[int] = frozenset()
    if spikes:
        days_raw, pending_raw = json.loads(spikes)
        candidates = tuple(
            SpikeDay(date.fromisoformat(d), total, median, own, tuple((i, r) for i, r in steps))
            for d, total, median, own, steps in days_raw
        )
        pending = frozenset(pending_raw)
    return TaskJudgement(member, task, tuple(_totals(days)), marked, candidates, pending)


def _totals(days: str) -> list[int]:
    return [int(t) for t in days.split(",")] if days else []
