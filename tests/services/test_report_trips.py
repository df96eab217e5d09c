"""What a typed report costs in trips to the database threads (issue 8's report benchmark): every
await on aiosqlite hands work to a connection's thread and waits for the event loop to be woken,
and a handful of those cost more than the statements themselves. A first report's whole write —
the roster check under the lock, the ledger rows, the owed acknowledgement and the standing it shows —
is one trip; the lookups before it (who is writing, their campaign) one each."""

from __future__ import annotations

from bot.services.reporting import Recorded

from .conftest import World
from .reporters import trips, typed


async def test_a_first_report_is_written_in_one_trip(world: World) -> None:
    await world.services.reports.text(world.cadre, typed(9, "体检1"))  # whatever warms up once is warm
    with trips() as seen:
        outcome = await world.services.reports.text(world.cadre, typed(10, "走访5 体检3"))
    assert isinstance(outcome, Recorded)
    assert outcome.standing is not None
    assert len(seen) <= 2, seen  # the campaign lookup and the write


async def test_a_redelivered_report_is_one_trip_too(world: World) -> None:
    await world.services.reports.text(world.cadre, typed(10, "走访5"))
    with trips() as seen:
        again = await world.services.reports.text(world.cadre, typed(10, "走访5"))
    assert isinstance(again, Recorded)
    assert again.duplicate
    assert len(seen) <= 2, seen
