"""The child process of bot/plans/isolated.py: reads (bytes, filename, defaults) pickled on stdin, writes
check_plan's result pickled on stdout (with the argument `reconcile`: (bytes, filename) of a 核查 file,
and read_reconcile's result). Limits its own address space before importing the parsers,
so a file that slipped past every check still cannot take the machine's memory."""

from __future__ import annotations

import pickle
import resource
import sys
from collections.abc import Callable

from bot.plans.limits import CHECK_MEMORY_BYTES


def main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (CHECK_MEMORY_BYTES, CHECK_MEMORY_BYTES))
    check: Callable[..., object]
    if sys.argv[1:] == ["reconcile"]:  # the parsers are imported under the limit too
        from bot.plans.reconcile_source import read_reconcile as check
    else:
        from bot.plans.loader import check_plan as check
    arguments = pickle.loads(sys.stdin.buffer.read())  # from the bot's own process
    sys.stdout.buffer.write(pickle.dumps(check(*arguments)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
