"""The child process of bot/plans/isolated.py: reads (bytes, filename, defaults) pickled on stdin, writes
check_plan's result pickled on stdout. Limits its own address space before importing the parsers,
so a file that slipped past every check still cannot take the machine's memory."""

from __future__ import annotations

import pickle
import resource
import sys

from bot.plans.limits import CHECK_MEMORY_BYTES


def main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (CHECK_MEMORY_BYTES, CHECK_MEMORY_BYTES))
    from bot.plans.loader import check_plan  # the parsers are imported under the limit too

    data, filename, defaults = pickle.loads(sys.stdin.buffer.read())  # from the bot's own process
    result = check_plan(data, filename, defaults)
    sys.stdout.buffer.write(pickle.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
