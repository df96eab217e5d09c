"""What a typed report costs in trips to the database threads (issue 8's report benchmark): every
await on aiosqlite hands work to a connection's thread and waits for the event loop to be woken,
and a handful of those cost more than the statements themselves. A first report's whole write —
the roster check under the lock, the ledger rows, the owed acknowledgement and the standing it shows —
is one trip; the lookups before it (who is writing, their campaign) one each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import aiosqlite
import pytest

from bot.services.reporting import Recorded

from .conftest import World
from .test_reporting import typed


@contextmanager
def trips() -> Iterator[list[str]]:
    """Every function handed to a connection's thread while the block runs."""
    seen: list[str] = []
    original = cast(Callable[..., Awaitable[Any]], aiosqlite.Connection._execute)  # untyped in aiosqlite

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aiosqlite.Connection, "_execute", counting)
        yield seen


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
