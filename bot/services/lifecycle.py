"""Starting on a database file: the instance lock, and what opening can raise.

Light on purpose (no service is imported): the command line names these before it knows which
command runs, and `campaign-bot --help` should not load the chart and workbook libraries.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.storage.db import DatabaseUnavailable
from bot.storage.lock import AlreadyRunning, InstanceLock

__all__ = ["AlreadyRunning", "DatabaseUnavailable", "single_instance"]


@contextmanager
def single_instance(database_path: Path) -> Iterator[Path]:
    """Hold the database file's instance lock (SPEC §9) for the block; raises AlreadyRunning when
    another campaign-bot holds it. The database must be closed before the block ends (bot/storage/lock.py)."""
    with InstanceLock.acquire(database_path) as path:
        yield path
