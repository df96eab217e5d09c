"""Single-instance lock (SPEC §9): a second bot on the same database must refuse to run,
or every reminder would be scheduled twice.

An OS-level flock on `<database>.lock` is released by the kernel when the process dies, even by
SIGKILL, so a crash never leaves a stale lock behind (unlike a PID file or a row in the DB).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
        path = Path(f"{database_path}.lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
                raise AlreadyRunning(Path(database_path), holder) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield path
        finally:
            os.close(fd)  # closing the descriptor releases the flock
