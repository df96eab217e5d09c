"""Versioned forward migrations, in the order they are applied: the list below names each step, and each
step's SQL with the reason for it lives in its own module, `migration_v<N>.py`. The runner is
`Database.migrate` (bot/storage/db.py): at start-up it applies, one transaction each, every step newer than
the file's `PRAGMA user_version`, and sets it to the step's number; a file from a newer campaign-bot is
refused, never touched.

Append only: never edit a migration that has shipped — its SQL is history, run once on files in the field.
A change of schema is a new step at the end of the list (tests/storage/test_schema_history.py holds the
shipped ones to the text they shipped as).

Times are stored as INTEGER unix seconds (UTC) so range queries use plain integer indexes;
repositories turn them into aware datetimes.
"""

from __future__ import annotations

from bot.storage.migration_v1 import V1_CORE
from bot.storage.migration_v2 import V2_OPERATIONS
from bot.storage.migration_v3 import V3_PROBLEMS_PER_LEADER
from bot.storage.migration_v4 import V4_WRITES_BY_UPDATE
from bot.storage.migration_v5 import V5_OWED_REPLIES
from bot.storage.migration_v6 import V6_WORK_DATE
from bot.storage.migration_v7 import V7_PROXY_REPORTS
from bot.storage.migration_v8 import V8_CHECKPOINT_RESULTS
from bot.storage.migration_v9 import V9_LEAVES
from bot.storage.migration_v10 import V10_RECONCILIATIONS
from bot.storage.migration_v11 import V11_WARNINGS
from bot.storage.migration_v12 import V12_DAY_SUMS
from bot.storage.migration_v13 import V13_TASK_FLAGS
from bot.storage.migration_v14 import V14_ROSTER_VERSION
from bot.storage.migration_v15 import V15_MEMBER_VERSIONS
from bot.storage.migration_v16 import V16_MOMENTS
from bot.storage.migration_v17 import V17_ENTERED_BY
from bot.storage.migration_v18 import V18_COUNTED_AT
from bot.storage.migration_v19 import V19_STEPS
from bot.storage.migration_v20 import V20_RECENT

MIGRATIONS: list[tuple[int, str]] = [
    (1, V1_CORE),
    (2, V2_OPERATIONS),
    (3, V3_PROBLEMS_PER_LEADER),
    (4, V4_WRITES_BY_UPDATE),
    (5, V5_OWED_REPLIES),
    (6, V6_WORK_DATE),
    (7, V7_PROXY_REPORTS),
    (8, V8_CHECKPOINT_RESULTS),
    (9, V9_LEAVES),
    (10, V10_RECONCILIATIONS),
    (11, V11_WARNINGS),
    (12, V12_DAY_SUMS),
    (13, V13_TASK_FLAGS),
    (14, V14_ROSTER_VERSION),
    (15, V15_MEMBER_VERSIONS),
    (16, V16_MOMENTS),
    (17, V17_ENTERED_BY),
    (18, V18_COUNTED_AT),
    (19, V19_STEPS),
    (20, V20_RECENT),
]

LATEST_VERSION = MIGRATIONS[-1][0]
