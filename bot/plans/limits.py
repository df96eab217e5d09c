"""Every limit on a plan file, in one place (SPEC §4, §9): a file beyond one is refused with a
problem naming the limit, before it can cost the bot time or memory. The README lists them.

The parse-time limits (depth, aliases, zip sizes, sheet sizes) are checked before the parser or
openpyxl gets to build anything; the wall-clock and memory limits contain whatever slipped through.
"""

from __future__ import annotations

MAX_FILE_BYTES = 2 * 1024 * 1024  # the uploaded file itself (.yaml or .xlsx)
MAX_UNITS = 2_000
MAX_MEMBERS = 10_000
MAX_NAME = 64  # every text in a plan: names, levels, counting units, aliases, references
MAX_CODE = 32  # member codes (unit, task and campaign codes are ASCII keys of at most 24)

# YAML: nesting of lists and mappings (a plan needs ~12 for a deep unit tree); aliases (*x) are
# refused outright: expanding them is how a 600-byte file becomes a billion strings.
MAX_YAML_DEPTH = 40

# XLSX (a zip of XML parts): checked from the zip directory and a streaming scan of each sheet.
MAX_ZIP_MEMBERS = 200
MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # per member; XML compresses 5-30×, a bomb ~1000×
MAX_SHEET_ROWS = MAX_UNITS + MAX_MEMBERS + 100  # the quotas sheet: one row per assignee, plus notes
MAX_SHEET_COLUMNS = 40  # quotas: the assignee, one column per task, notes

# A 核查 (reconciliation) file, CSV or XLSX: one row per unit or member and task.
MAX_RECONCILE_ROWS = 5_000

# The checking process: killed beyond these, and the upload refused.
CHECK_SECONDS = 30.0
CHECK_MEMORY_BYTES = 1024 * 1024 * 1024
CONCURRENT_CHECKS = 2  # checks at once; more uploads wait their turn (the wait does not count)


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"
