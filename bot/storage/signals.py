"""What the anomaly rules read (issue 11 §4), in two grouped statements: the live entries of the
members being judged, and the day totals of the whole campaign (the peers).

Live means neither rejected nor undone, and not a correction itself: an undo's correction cancels its
entry exactly, so the live entries sum to the net counts. A report's day is the work day the member
named, else the local day it was sent; SQLite has no time zones, so the local day is taken at the
zone's offset passed in (the campaign's at its start: exact for zones without daylight saving, like
China's). Both statements use the same expression, so an entry and its day total always agree.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import aiosqlite

from bot.domain.anomalies import ROUND_BASE, DayTotal, Entry
from bot.domain.pending_flags import Crossing, Slice

_LIVE = (
    "r.campaign_id = ? AND r.status != 'rejected' AND r.source != 'correction' "
    "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id)"
)
_ROUND = f"CASE WHEN delta >= {ROUND_BASE} AND delta % {ROUND_BASE} = 0 THEN delta END"
_NEVER = 1 << 62  # the smallest delta of a slice that only takes entries out: lowers no minimum
_DAY = "COALESCE(r.work_date, date(r.created_at + ?, 'unixepoch'))"
# Over the whole campaign, read the table in its own order: the covering index lacks the work day and
# the source, and following it would fetch every row by a random jump (about 4× slower measured).
_WHOLE = " NOT INDEXED"


class SignalRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def entries(
        self, campaign_id: int, member_ids: Sequence[int] | None, offset_seconds: int
    ) -> tuple[list[Entry], set[int]]:
        """The live entries of `member_ids` (None: everyone's), and which of them await review."""
        members = ""
        params: list[object] = [offset_seconds, campaign_id]
        if member_ids is not None:
            members = f" AND r.member_id IN ({','.join('?' * len(member_ids)) or 'NULL'})"
            params += member_ids
        rows = await self.conn.execute_fetchall(
            f"SELECT r.id, r.member_id, r.task, r.delta, r.created_at, {_DAY}, r.entered_by IS NOT NULL, "
            f"r.status = 'reported' FROM reports r{_WHOLE if member_ids is None else ''} WHERE {_LIVE}{members}",
            params,
        )
        entries, pending, days = [], set(), _Days()
        for r in rows:
            at = datetime.fromtimestamp(r[4], UTC)
            entries.append(Entry(r[0], r[1], r[2], r[3], at, days(r[5]), bool(r[6])))
            if r[7]:
                pending.add(int(r[0]))
        return entries, pending

    async def reporters(self, campaign_id: int) -> list[int]:
        """Every member with an entry in the campaign (removed members' too), by id."""
        rows = await self.conn.execute_fetchall(
            "SELECT DISTINCT member_id FROM reports WHERE campaign_id = ? ORDER BY member_id", (campaign_id,)
        )
        return [int(r[0]) for r in rows]

    async def day_totals(self, campaign_id: int, offset_seconds: int) -> list[DayTotal]:
        """Per member, task and day: the live total of the whole campaign."""
        rows = await self.conn.execute_fetchall(
            f"SELECT r.member_id, r.task, {_DAY} AS day, SUM(r.delta) FROM reports r{_WHOLE} WHERE {_LIVE} "
            "GROUP BY r.member_id, r.task, day",
            (offset_seconds, campaign_id),
        )
        days = _Days()
        return [DayTotal(r[0], r[1], days(r[2]), int(r[3])) for r in rows]

    async def slices(self, campaign_id: int, offset_seconds: int, checkpoints: Sequence[datetime]) -> list[Slice]:
        """Per member, task, counted day and sent day, the whole campaign's live sums (Slice).

        The bulk is grouped from the reporting index alone (no table row is read; the floor's way):
        every entry not rejected, counted on the day it was sent. Then the few exceptions, found by
        one plain pass over the table and the corrections' index, are taken out again (corrections,
        undone entries) or moved to the work day their member named."""
        dues = [int(due.timestamp()) for due in checkpoints]  # created_at is whole seconds
        cases, params = [], [offset_seconds]
        for due in dues:
            cases.append("SUM(CASE WHEN created_at <= ? THEN delta ELSE 0 END)")
            cases.append("SUM(CASE WHEN created_at > ? AND created_at <= ? THEN delta ELSE 0 END)")
            params += [due, due - 86_400, due]
        rows = await self.conn.execute_fetchall(
            f"SELECT member_id, task, (created_at + ?) / 86400 AS sent, SUM(delta), COUNT(*), MIN(delta), "
            f"group_concat({_ROUND}){''.join(', ' + c for c in cases)} FROM reports INDEXED BY reports_progress "
            "WHERE campaign_id = ? AND status != 'rejected' GROUP BY member_id, task, sent",
            [*params, campaign_id],
        )
        epoch, n = date(1970, 1, 1), len(dues)
        dated: dict[int, date] = {}  # sent day → its date, made once each
        found = []
        for r in rows:
            rounds: tuple[tuple[int, int], ...] = ()
            if r[6]:
                counts: dict[int, int] = {}
                for v in r[6].split(","):
                    counts[int(v)] = counts.get(int(v), 0) + 1
                rounds = tuple(counts.items())
            day = dated.get(r[2])
            if day is None:
                day = dated[r[2]] = epoch + timedelta(days=r[2])
            found.append(
                Slice(r[0], r[1], day, r[2], r[3], r[4], r[5], rounds, r[7 : 7 + 2 * n : 2], r[8 : 8 + 2 * n : 2])
            )
        exceptions = await self.conn.execute_fetchall(
            "SELECT id, member_id, task, delta, created_at, work_date, source = 'correction' FROM reports NOT INDEXED "
            "WHERE campaign_id = ? AND status != 'rejected' AND (source = 'correction' OR work_date IS NOT NULL) "
            "UNION SELECT r.id, r.member_id, r.task, r.delta, r.created_at, r.work_date, 1 "
            "FROM reports c INDEXED BY reports_corrects "
            "CROSS JOIN reports r ON r.id = c.corrects_id WHERE c.corrects_id IS NOT NULL AND r.campaign_id = ? "
            "AND r.status != 'rejected'",
            (campaign_id, campaign_id),
        )
        gone: dict[int, tuple[int, str, int, int, str | None, bool]] = {}
        for i, member, task, delta, at, work_date, dead in exceptions:
            was = gone.get(i)
            gone[i] = (member, task, delta, at, work_date, bool(dead) or (was is not None and was[5]))
        days = _Days()
        for member, task, delta, at, work_date, dead in gone.values():
            sent = (at + offset_seconds) // 86_400
            rounds = ((delta, 1),) if delta >= ROUND_BASE and delta % ROUND_BASE == 0 else ()
            up = tuple(delta if at <= due else 0 for due in dues)
            late = tuple(delta if due - 86_400 < at <= due else 0 for due in dues)
            found.append(
                Slice(
                    member,
                    task,
                    epoch + timedelta(days=sent),
                    sent,
                    -delta,
                    -1,
                    _NEVER,
                    tuple((v, -k) for v, k in rounds),
                    tuple(-x for x in up),
                    tuple(-x for x in late),
                )
            )
            if not dead and work_date is not None:
                found.append(Slice(member, task, days(work_date), sent, delta, 1, delta, rounds, up, late))
        return found

    async def pending(self, campaign_id: int, member_ids: Sequence[int] | None, offset_seconds: int) -> list[Entry]:
        """The live entries awaiting review (of `member_ids`; None: everyone's), from the backlog index."""
        members, params = "", [offset_seconds, campaign_id]
        if member_ids is not None:
            members = f" AND r.member_id IN ({','.join('?' * len(member_ids)) or 'NULL'})"
            params += member_ids
        rows = await self.conn.execute_fetchall(
            f"SELECT r.id, r.member_id, r.task, r.delta, r.created_at, {_DAY}, r.entered_by IS NOT NULL "
            f"FROM reports r INDEXED BY reports_pending WHERE r.status = 'reported' AND {_LIVE}{members}",
            params,
        )
        days = _Days()
        return [Entry(r[0], r[1], r[2], r[3], datetime.fromtimestamp(r[4], UTC), days(r[5]), bool(r[6])) for r in rows]

    async def crossing(
        self, campaign_id: int, offset_seconds: int, crossings: Sequence[Crossing]
    ) -> dict[Crossing, list[Entry]]:
        """Per crossing, the live entries that may hold it: one statement over a JSON list of them, each
        looked up through the reporting index by member and task."""
        if not crossings:
            return {}
        far = 1 << 40
        keys = [
            [
                c.member_id,
                c.task,
                -far if c.sent_from is None else c.sent_from * 86_400 - offset_seconds,
                far if c.sent_to is None else (c.sent_to + 1) * 86_400 - offset_seconds,
                None if c.day is None else c.day.isoformat(),
            ]
            for c in crossings
        ]
        rows = await self.conn.execute_fetchall(
            f"SELECT j.key, r.id, r.member_id, r.task, r.delta, r.created_at, {_DAY} AS day "
            "FROM json_each(?) j CROSS JOIN reports r INDEXED BY reports_progress "
            "WHERE r.member_id = json_extract(j.value, '$[0]') AND r.task = json_extract(j.value, '$[1]') "
            "AND r.created_at >= json_extract(j.value, '$[2]') AND r.created_at < json_extract(j.value, '$[3]') "
            f"AND {_LIVE} AND (json_extract(j.value, '$[4]') IS NULL OR day = json_extract(j.value, '$[4]'))",
            [offset_seconds, json.dumps(keys), campaign_id],
        )
        found: dict[Crossing, list[Entry]] = {c: [] for c in crossings}
        days = _Days()
        for r in rows:
            at = datetime.fromtimestamp(r[5], UTC)
            found[crossings[r[0]]].append(Entry(r[1], r[2], r[3], r[4], at, days(r[6])))
        return found


class _Days(dict[str, date]):
    """ISO day → date, parsed once each: a campaign has tens of days and a million rows."""

    def __call__(self, text: str) -> date:
        found = self.get(text)
        if found is None:
            found = self[text] = date.fromisoformat(text)
        return found
