"""Plan files are checked in a child process, never in the bot's (SPEC §9 "parsed off the event loop").

Parsing and validating a file is CPU work on input anyone with leader rights can shape. In the
bot's process it would stop the event loop, and with it every other user's acknowledgement, for
as long as it takes; a parser bug could crash the bot. In a child process it costs one core, is
killed at the wall-clock limit, runs under a memory limit, and a crash is only a refusal. The
limits of limits.py refuse every known hostile file long before that; this contains the rest.

The child is this module run as a program (`main`, at the end).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import resource
import sys
import weakref
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from bot.domain.reconcile import Issue
from bot.plans.limits import CHECK_MEMORY_BYTES, CHECK_SECONDS, CONCURRENT_CHECKS
from bot.plans.loader import Result, check_plan
from bot.plans.reconcile_source import Result as ReconcileRead
from bot.plans.reconcile_source import read_reconcile
from bot.plans.types import SPEC_DEFAULTS, PlanDefaults, Problem

log = logging.getLogger(__name__)

# The child runs `python -m bot.plans.isolated`; a test may point this at a worker that misbehaves.
WORKER: tuple[str, ...] = (sys.executable, "-m", "bot.plans.isolated")
RECONCILE_WORKER: tuple[str, ...] = (*WORKER, "reconcile")
# Numeric libraries that openpyxl imports start thread pools sized for the machine; one is plenty.
_CHILD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# One bound per event loop (an asyncio.Semaphore belongs to the loop it was first used in).
_SLOTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


async def check_plan_isolated(
    data: bytes, filename: str, seconds: float | None = None, defaults: PlanDefaults = SPEC_DEFAULTS
) -> Result:
    """check_plan(data, filename, defaults), run in a child process killed after `seconds` (CHECK_SECONDS);
    at most CONCURRENT_CHECKS children at once, so uploads in a row cannot take the machine."""
    name = PurePath(filename).name or "plan"
    result, failed = await _isolated(WORKER, (data, filename, defaults), seconds, name, "plan")
    return (None, [Problem(name, *failed)]) if failed else result


async def read_reconcile_isolated(data: bytes, filename: str, seconds: float | None = None) -> ReconcileRead:
    """read_reconcile(data, filename) (a 核查 file, issue 11 §4) in a child process, under the same
    limits and the same bound on concurrent checks as a plan file."""
    name = PurePath(filename).name or "file"
    result, failed = await _isolated(RECONCILE_WORKER, (data, filename), seconds, name, "reconcile")
    return ([], [Issue(name, *failed)]) if failed else result


async def _isolated(
    worker: tuple[str, ...], args: tuple[bytes, str, *tuple[object, ...]], seconds: float | None, name: str, kind: str
) -> tuple[Any, tuple[str, dict[str, object]] | None]:
    """The worker's result, or the catalogue key `<kind>.check_timeout` / `<kind>.check_crashed` and its
    parameters."""
    limit = CHECK_SECONDS if seconds is None else seconds
    size = len(args[0])
    async with _SLOTS.setdefault(asyncio.get_running_loop(), asyncio.Semaphore(CONCURRENT_CHECKS)):
        child = await asyncio.create_subprocess_exec(
            *worker,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,  # a traceback may quote the file; it never reaches a log
            env={**os.environ, **_CHILD_ENV},
        )
        try:
            out, _ = await asyncio.wait_for(child.communicate(pickle.dumps(args)), limit)
        except TimeoutError:
            log.warning("file check stopped after %.0f s (%d bytes, %s)", limit, size, PurePath(name).suffix)
            return None, (f"{kind}.check_timeout", {"seconds": f"{limit:g}"})
        finally:
            if child.returncode is None:  # timed out, or the handler was cancelled: never leave it running
                with contextlib.suppress(ProcessLookupError):
                    child.kill()
                await child.wait()
    if child.returncode != 0 or not out:
        log.warning("file check process ended with code %s (%d bytes)", child.returncode, size)
        return None, (f"{kind}.check_crashed", {})
    return pickle.loads(out), None  # written by our own worker, not by the uploader


def main() -> int:
    """The child: reads (bytes, filename, defaults) pickled on stdin, writes check_plan's result pickled on
    stdout (with the argument `reconcile`: (bytes, filename) of a 核查 file, and read_reconcile's result).
    Limits its own address space first (all of it, whatever was imported before), so a file that slipped
    past every check still cannot take the machine's memory."""
    resource.setrlimit(resource.RLIMIT_AS, (CHECK_MEMORY_BYTES, CHECK_MEMORY_BYTES))
    check: Callable[..., object] = read_reconcile if sys.argv[1:] == ["reconcile"] else check_plan
    arguments = pickle.loads(sys.stdin.buffer.read())  # from the bot's own process
    sys.stdout.buffer.write(pickle.dumps(check(*arguments)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
