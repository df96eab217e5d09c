"""SQLite access: one writer connection, one reader connection, WAL, busy timeout.

Why two connections: aiosqlite runs each connection on its own thread, and a transaction is a
property of a connection. Writes are serialised through one connection behind an asyncio lock,
so two coroutines can never interleave statements inside one `BEGIN IMMEDIATE`. Reads use the
second connection, which in WAL mode sees only committed data and never blocks the writer.
Another *process* on the same file (a CLI import while the bot runs) is handled by SQLite's
file locking plus the busy timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar, cast

import aiosqlite

from bot.storage.migrations import LATEST_VERSION, MIGRATIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5_000

T = TypeVar("T")


async def _configure(conn: aiosqlite.Connection) -> None:
    conn.row_factory = aiosqlite.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL is durable across application crashes in WAL mode (only an OS crash can lose the
    # last commits); FULL makes every acknowledged report survive power loss too, at a small cost.
    await conn.execute("PRAGMA synchronous = FULL")
    await conn.execute("PRAGMA foreign_keys = ON")


class DatabaseUnavailable(Exception):
    """The file at DATABASE_PATH cannot be used; the message is one line naming the setting."""


class Database:
    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self._snapshot: aiosqlite.Connection | None = None  # opened on first use (snapshot())
        self._snapshot_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path, *, migrate: bool = True) -> Database:
        """Raises DatabaseUnavailable (one line) when the file cannot be opened, is not a database,
        or was written by a newer campaign-bot; never a raw sqlite3 traceback (SPEC §7)."""
        path = Path(path)
        opened: list[aiosqlite.Connection] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # A plain connect first: when aiosqlite's connect fails it leaves its worker thread
            # posting to the event loop, which prints a thread traceback once asyncio.run() ends.
            await asyncio.to_thread(_probe, path)
            # isolation_level=None: we issue BEGIN IMMEDIATE ourselves; the sqlite3 module's implicit
            # deferred BEGIN would take the write lock only at the first write, inviting SQLITE_BUSY
            # upgrades that the busy timeout cannot resolve.
            opened.append(await aiosqlite.connect(path, isolation_level=None))
            await _configure(opened[0])
            opened.append(await _open_reader(path))
            db = cls(path, opened[0], opened[1])
            await db._refuse_newer_schema()
            if migrate:
                await db.migrate()
        except (OSError, sqlite3.Error) as exc:
            await _close_all(opened)
            raise DatabaseUnavailable(f"DATABASE_PATH: cannot open {path}: {_reason(exc)}") from exc
        except DatabaseUnavailable:
            await _close_all(opened)
            raise
        return db

    async def _refuse_newer_schema(self) -> None:
        # Migrations only go forward: running an older bot on a newer file would read and write
        # tables it does not know the shape of. Refusing is the only safe answer.
        version = await self.schema_version()
        if version > LATEST_VERSION:
            raise DatabaseUnavailable(
                f"DATABASE_PATH: {self.path} has schema version {version}, newer than this campaign-bot "
                f"knows ({LATEST_VERSION}); upgrade campaign-bot"
            )

    async def close(self) -> None:
        if self._snapshot is not None:
            await self._snapshot.close()
        await self._reader.close()
        await self._writer.close()

    @property
    def reader(self) -> aiosqlite.Connection:
        return self._reader

    @asynccontextmanager
    async def latest(self) -> AsyncIterator[aiosqlite.Connection]:
        """A connection that sees every write committed so far: the writer, between transactions.
        The reader may still sit in an older snapshot: updates of different chats share it, and a
        statement another task stepped but has not finished keeps its read transaction open across
        awaits. Views can live with that; the acknowledgement of a report just committed cannot."""
        async with self._write_lock:
            yield self._writer

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[aiosqlite.Connection]:
        """One read transaction on a connection of its own: every statement in it sees the same
        committed state (as of its first read, so every write this process committed before), and no
        other task's statement keeps it in an older one. For reads that must agree with each other —
        a write count and what was judged at it — without holding off a writer as `latest()` does."""
        async with self._snapshot_lock:
            if self._snapshot is None:
                self._snapshot = await _open_reader(self.path)
            await self._snapshot.execute("BEGIN")
            try:
                yield self._snapshot
            finally:
                await self._snapshot.execute("COMMIT")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction (BEGIN IMMEDIATE). Commits on normal exit, rolls back on error."""
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            else:
                await self._writer.execute("COMMIT")

    async def write_once(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """A whole write transaction in one trip to the writer's thread: BEGIN IMMEDIATE, `work` on the
        plain sqlite3 connection, COMMIT (ROLLBACK when it raises). For the hot path only (a typed
        report, bot/storage/ledger.py record_first): every await on aiosqlite hands work to its
        thread and waits for the event loop to be woken, and a report awaited a dozen of those.
        aiosqlite has no public way to run a function in its thread, so its `_execute` (stable since
        0.17) is used here, and only here."""
        async with self._write_lock:
            writer = self._writer
            run = cast(Callable[..., Awaitable[T]], writer._execute)  # untyped in aiosqlite
            return await run(_in_transaction, writer._conn, work)

    async def schema_version(self) -> int:
        async with self._writer.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        """Apply every forward migration newer than the file's user_version, each atomically."""
        current = await self.schema_version()
        for version, script in MIGRATIONS:
            if version <= current:
                continue
            async with self.transaction() as conn:
                for statement in _split_sql(script):
                    await conn.execute(statement)
                await conn.execute(f"PRAGMA user_version = {version}")
            log.info("database migrated to schema version %d", version)
            current = version
        return current

    async def integrity_ok(self) -> bool:
        async with self._reader.execute("PRAGMA integrity_check") as cur:
            row = await cur.fetchone()
        return row is not None and row[0] == "ok"


async def _open_reader(path: Path) -> aiosqlite.Connection:
    reader = await aiosqlite.connect(path, isolation_level=None)
    await _configure(reader)
    return reader


def _in_transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def _probe(path: Path) -> None:
    sqlite3.connect(path).close()


def _reason(exc: OSError | sqlite3.Error) -> str:
    if isinstance(exc, FileExistsError) and exc.filename:
        return f"{exc.filename} is a file, not a folder"  # mkdir of the parent met a file
    if isinstance(exc, OSError):
        return f"{exc.strerror}: {exc.filename}" if exc.strerror and exc.filename else str(exc)
    return str(exc)


async def _close_all(connections: list[aiosqlite.Connection]) -> None:
    for conn in connections:
        with contextlib.suppress(OSError, sqlite3.Error):  # the open error is the one worth reporting
            await conn.close()


def _split_sql(script: str) -> list[str]:
    # executescript() would COMMIT our transaction first; running statements one by one keeps
    # each migration atomic. Comments are dropped first (they may contain ';'); migrations have no
    # '--' or ';' inside string literals. A trigger body holds ';' of its own, so pieces are joined
    # until SQLite itself calls the statement complete.
    code = "\n".join(line.split("--", 1)[0] for line in script.splitlines())
    statements, pending = [], ""
    for piece in code.split(";"):
        pending = f"{pending};{piece}" if pending else piece
        if sqlite3.complete_statement(pending + ";"):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return [s for s in statements if s]
