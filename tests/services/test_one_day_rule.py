"""Every view dates an entry by one rule (README, 一日一规则 / one day rule): an entry counts on the day the
member named, else on the day it was sent; a correction (an /undo, the take-back of an edit) on the day of
the entry it corrects, and an edit's new revision on the day of its message's first entry unless the edit
names a day itself. The forecast's per-day sums (the ledger's own grouping and the kept day sums), the
anomaly rules' day totals and 核查's counts as of a day must read the same numbers: before the rule was one,
an edit the next day left a day's sum +10 and the next day's −5.

The town of tests/services/towns.py, NOW 11-20 00:00 in Shanghai (calendar off)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.origin import MessageKey
from bot.services.day_sums import campaign_offset, keep_day_sums
from bot.services.reporting import Recorded, TextReport
from bot.storage.day_sums import DaySumRepo
from bot.storage.reconciliations import ReconciliationRepo
from bot.storage.series import SeriesRepo
from bot.storage.signals import SignalRepo
from tests.services.towns import Town

ZONE = ZoneInfo("Asia/Shanghai")
DAYS = [date(2026, 11, 20) + timedelta(days=n) for n in range(3)]


async def edit(town: Town, name: str, message_id: int, revision: int, text: str) -> None:
    key = MessageKey(town.users[name], message_id, revision)
    outcome = await town.services.reports.text(
        await town.actor(name), TextReport(key, text, private=True, edited=revision > 0, forwarded=False)
    )
    assert isinstance(outcome, Recorded)


async def per_day(town: Town, name: str) -> dict[str, dict[date, int]]:
    """`name`'s visits per day as each reader sees them (days without a sum left out)."""
    record = await town.campaign()
    db, cid, offset = town.services.db, record.id, campaign_offset(record)
    member = (await town.actor(name)).member_id or 0
    series = await SeriesRepo(db.reader).daily(cid, "Asia/Shanghai", DAYS[0], DAYS[-1], verified_only=False)
    await keep_day_sums(db, record)
    kept: dict[date, int] = {}
    for m, _task, day, _sent, status, _live, total, _n, _neg in await DaySumRepo(db.reader).rows(cid):
        if m == member and status != "rejected":
            kept[date.fromisoformat(str(day))] = kept.get(date.fromisoformat(str(day)), 0) + int(str(total))
    live = {t.day: t.total for t in await SignalRepo(db.reader).day_totals(cid, offset) if t.member_id == member}
    checked: dict[date, int] = {}
    before = 0
    for day in DAYS:
        end = datetime.combine(day + timedelta(days=1), time(), ZONE)
        upto = (await ReconciliationRepo(db.reader).totals_until(cid, day, end)).reported.get((member, "visit"), 0)
        checked[day], before = upto - before, upto
    views = {
        "series": series.get(member, {}).get("visit", {}),
        "day sums": kept,
        "anomaly day totals": live,
        "核查": checked,
    }
    return {view: {d: n for d, n in sums.items() if n} for view, sums in views.items()}


async def window(town: Town, today: date) -> dict[str, object]:
    """The forecast's window sums as of `today` (window: yesterday only), from the ledger and the kept sums."""
    record = await town.campaign()
    db, cid = town.services.db, record.id
    member = (await town.actor("甲一")).member_id or 0
    first = today - timedelta(days=1)
    ledger = await SeriesRepo(db.reader).window_sums(cid, ZONE, first, today, verified_only=False)
    await keep_day_sums(db, record)
    kept = await DaySumRepo(db.reader).window_sums(cid, first, today, verified_only=False)
    return {"ledger": ledger[member]["visit"], "day sums": kept[member]["visit"]}


async def kept_from_the_start(town: Town) -> None:
    """The day sums built before any report, so the triggers keep every write below."""
    await keep_day_sums(town.services.db, await town.campaign())


def every_view(sums: dict[date, int]) -> dict[str, dict[date, int]]:
    return dict.fromkeys(("series", "day sums", "anomaly day totals", "核查"), sums)


async def test_an_edit_the_next_day_counts_on_the_reports_day_in_every_view(town: Town) -> None:
    await kept_from_the_start(town)
    await town.report("甲一", 1, 10)  # 11-20
    town.clock.advance(days=1)
    await edit(town, "甲一", 1, 1, "走访5")  # 11-21: meant 5
    assert await per_day(town, "甲一") == every_view({DAYS[0]: 5})
    town.clock.advance(days=1)
    sums = await window(town, DAYS[2])  # 11-21, the fix's day, is the window: nothing was done on it
    assert sums["ledger"] == sums["day sums"]
    assert (sums["ledger"].done, sums["ledger"].before, sums["ledger"].recent) == (5, 5, 0)  # type: ignore[attr-defined]


async def test_an_undo_a_later_day_takes_the_report_back_on_its_own_day(town: Town) -> None:
    await kept_from_the_start(town)
    await town.report("甲一", 1, 40)  # 11-20: meant 4
    await town.report("甲一", 2, 3)
    town.clock.advance(days=2)
    await town.services.reports.undo_last(await town.actor("甲一"), town.users["甲一"], 3)  # 11-22: takes back 3
    await town.services.reports.undo_last(await town.actor("甲一"), town.users["甲一"], 4)  # … and the 40
    await town.report("甲一", 5, 4)  # 11-22: the 4 sent again, that day's work
    assert await per_day(town, "甲一") == every_view({DAYS[2]: 4})


async def test_an_edit_naming_a_day_counts_on_the_day_it_names(town: Town) -> None:
    await kept_from_the_start(town)
    await town.report("甲一", 1, 10)  # 11-20
    town.clock.advance(days=2)
    await edit(town, "甲一", 1, 1, "昨天走访5")  # 11-22: the work was 5, done on 11-21
    assert await per_day(town, "甲一") == every_view({DAYS[1]: 5})


async def test_an_undated_edit_of_a_message_that_named_a_day_keeps_that_day(town: Town) -> None:
    await kept_from_the_start(town)
    town.clock.advance(days=1)
    await edit(town, "甲一", 1, 0, "昨天走访10")  # 11-21: done on 11-20
    town.clock.advance(days=1)
    await edit(town, "甲一", 1, 1, "走访6")  # 11-22: the count fixed, the day not said again
    town.clock.advance(days=1)
    await edit(town, "甲一", 1, 2, "走访7")  # 11-23: fixed again
    assert await per_day(town, "甲一") == every_view({DAYS[0]: 7})
