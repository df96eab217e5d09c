"""The forecast use case (issue 11 §3): what the ledger's daily series holds as of today (Sums: up to
today, before today, in the recent window), added up per unit, through the domain's rules
(bot/domain/forecast.py) for the assignees a view shows.

One query grouped by member and task reads the members concerned (the whole campaign, for a county);
a unit's sums are its members' — members removed from the roster are left out (their work still
counts in the standings; a forecast is about the people still at it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.counting import Counted
from bot.domain.forecast import Forecast, Sums, campaign_horizon, forecast_sums, last_day
from bot.domain.model import Assignee, AssigneeKind, Milestone
from bot.render.sheets.forecast import ForecastRow
from bot.services.clock import Clock
from bot.services.day_sums import campaign_offset, keep_day_sums, offset_at
from bot.services.progress import LoadedBook
from bot.storage.day_sums import DaySumRepo
from bot.storage.db import Database
from bot.storage.series import SeriesRepo
from bot.views.names import display_name

Forecasts = dict[Assignee, list[tuple[str, Forecast]]]  # per assignee: (task key, forecast) per task with a quota
FEW_MEMBERS = 500  # up to this many members they are read by id (index); beyond, the whole campaign
TaskSums = dict[str, Sums]  # task → what its forecast needs of the daily series
NONE = Sums()


def _summed(parts: Iterable[TaskSums]) -> TaskSums:
    out: TaskSums = {}
    for part in parts:
        for task, sums in part.items():
            out[task] = out.get(task, NONE) + sums
    return out


class ForecastService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def of(
        self, loaded: LoadedBook, assignees: Sequence[Assignee], milestone: Milestone | None = None
    ) -> Forecasts:
        """The forecast of each task with a quota of each assignee, at the book's time, for
        `milestone` (default: the next one). Only the members concerned are read, or the whole
        campaign when they are many."""
        campaign, book = loaded.record.campaign, loaded.book
        keys: set[str] = set()
        for a in assignees:
            keys.update([a.key] if a.kind is AssigneeKind.MEMBER else loaded.tree.subtree_member_keys(a.key))
        ids = [loaded.members[k].id for k in keys if k in loaded.members]
        span = campaign_horizon(campaign, book.at)
        sums = await self.sums(
            loaded, span.window_first or span.today, span.today, ids if len(ids) <= FEW_MEMBERS else None
        )
        by_key = {loaded.by_id[mid].key: s for mid, s in sums.items() if mid in loaded.by_id}
        return self.evaluate(loaded, assignees, by_key, milestone)

    async def sums(
        self, loaded: LoadedBook, window_first: date, today: date, members: Sequence[int] | None
    ) -> dict[int, dict[str, Sums]]:
        """Per member and task, the Sums on `today`: from the day sums the ledger's writes keep (members
        × days) when their days are the local days at both midnights the sums are cut at (in a
        zone without summer time, always), else from the ledger itself (SeriesRepo.window_sums). A
        book loaded from the day sums brought them along for its own day's window: then no read."""
        record, zone = loaded.record, ZoneInfo(loaded.record.campaign.timezone)
        verified_only = loaded.book.rule.counts is Counted.VERIFIED
        kept = loaded.window
        if kept is not None and kept.key == (window_first, today, verified_only):
            wanted = None if members is None else set(members)
            return {m: s for m, s in kept.sums.items() if wanted is None or m in wanted}
        offset = campaign_offset(record)
        if all(offset_at(zone, day) == offset for day in (window_first, today)):
            await keep_day_sums(self.db, record)
            return await DaySumRepo(self.db.reader).window_sums(
                record.id, window_first, today, verified_only=verified_only, members=members
            )
        return await SeriesRepo(self.db.reader).window_sums(
            record.id, zone, window_first, today, verified_only=verified_only, members=members
        )

    @staticmethod
    def evaluate(
        loaded: LoadedBook,
        assignees: Sequence[Assignee],
        by_key: Mapping[str, TaskSums],
        milestone: Milestone | None = None,
    ) -> Forecasts:
        """The domain's part, given each member's sums (by member key): what the benchmark times
        beside the query. Units are added up bottom-up once, however many of them are asked for."""
        campaign, book, tree = loaded.record.campaign, loaded.book, loaded.tree
        view = milestone or campaign.next_milestone(book.at)
        due = last_day(campaign, view.due) if view is not None else None
        percent = view.percent if view is not None else None
        span = campaign_horizon(campaign, book.at)
        units: dict[str, TaskSums] = {}

        def sums(a: Assignee) -> TaskSums:
            if a.kind is AssigneeKind.MEMBER:
                return by_key.get(a.key) or {}
            if a.key not in units:
                units[a.key] = _summed(sums(child) for child in tree.children(a.key))
            return units[a.key]

        out: Forecasts = {}
        for a in assignees:
            mine = sums(a)
            out[a] = [
                (
                    ts.task,
                    forecast_sums(mine.get(ts.task, NONE), quota=ts.quota, percent=percent, due=due, horizon=span),
                )
                for ts in book.standing(a, view).tasks
                if ts.quota  # the book's quota: the unit's own, or its children's sum
            ]
        return out

    async def rows(self, loaded: LoadedBook, codes: Sequence[str]) -> list[ForecastRow]:
        """The export's forecast sheet: the units `codes` and their members, each task with a quota."""
        tree, campaign = loaded.tree, loaded.record.campaign
        scope = set(codes)
        assignees = [Assignee.unit(c) for c in codes]
        assignees += [Assignee.member(m.key) for m in tree.members() if m.unit_code in scope]
        found = await self.of(loaded, assignees)
        return [
            ForecastRow(a.key, display_name(tree, a), campaign.task_name(task), f)
            for a in assignees
            for task, f in found[a]
        ]
