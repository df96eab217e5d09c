"""Single-instance lock (SPEC §9): a second bot on the same database must refuse to run, or every
reminder would be scheduled twice and every report answered twice.

The lock is on the database file itself, not on a name derived from its path: a symlink or a hard
link to the same file is the same database (a hard-linked path would even get a WAL of its own
beside the file, a corruption risk), and the kernel knows a file by its identity, not its name.
It is an OS-level flock, released by the kernel when the process dies, even by SIGKILL, so a crash
never leaves a stale lock behind (unlike a PID file or a row in the DB).

flock and the POSIX (fcntl) locks SQLite takes on the same file do not interact on Linux. But
closing *any* descriptor of a file drops all of the process's POSIX locks on it, SQLite's included:
so the lock's descriptor stays open until after the database was closed (the `with` block of the
caller encloses the bot's whole life) and is never closed early.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.storage.db import DatabaseUnavailable


class AlreadyRunning(Exception):
    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(
            f"another campaign-bot (pid {holder or '?'}) already runs on {path}; refusing to start a second one"
        )


class InstanceLock:
    @staticmethod
    @contextmanager
    def acquire(database_path: Path) -> Iterator[Path]:
        """Locks the database file (created empty if missing, as SQLite would) for this process."""
        path = Path(database_path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise DatabaseUnavailable(f"DATABASE_PATH: cannot open {path}: {exc.strerror or exc}") from exc
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise AlreadyRunning(path, _holder(os.fstat(fd))) from None
            yield path
        finally:
            os.close(fd)  # releases the flock; the caller closed the database before


def _holder(stat: os.stat_result) -> str:
    """The pid holding a flock on that file, from /proc/locks (Linux); '' when unknown."""
    inode = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for line in locks:
                fields = line.split()
                # "1: FLOCK  ADVISORY  WRITE 1234 08:01:123456 0 EOF" (a "->" marks a waiter)
                if "FLOCK" in fields and "->" not in fields and inode in fields:
                    return fields[fields.index(inode) - 1]
    except OSError:
        pass
    return ""
