"""Migration v14: one counter that moves with every write to what a report's sender is judged by
(issue 8: report handling near the fair floor). Append only, like every migration: never edit once shipped.

`roster_version.n` is bumped by a trigger in the same transaction as any insert, update or delete of
the organisation (units, members), a campaign and its parts (tasks, milestones, rules, units, roster,
quotas), a leave, or the campaign a member chose. The report path keeps a sender's context (who they
are, their campaigns, their unit chain, quotas and leaves) in memory with the counter it was read at,
and its write transaction writes nothing when the counter has moved since (bot/storage/ledger.py
record_first), so a report is always authorized on what is committed when it is written. Writes by
another process (the command line) move it too: the triggers live in the file, not in this program.
"""

from __future__ import annotations

# Every table a sender's context is read from. A member's prefs row matters only for the chosen
# campaign: its `unreachable` flag moves with delivery failures, which must not empty the cache.
_WATCHED = (
    "units",
    "members",
    "campaigns",
    "campaign_tasks",
    "milestones",
    "rules",
    "campaign_units",
    "campaign_members",
    "quotas",
    "leaves",
)

_BUMP = "BEGIN UPDATE roster_version SET n = n + 1 WHERE id = 1; END"


def _triggers() -> str:
    out = []
    for table in _WATCHED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            out.append(f"CREATE TRIGGER roster_version_{table}_{event.lower()} AFTER {event} ON {table} {_BUMP};")
    out.append(
        "CREATE TRIGGER roster_version_prefs_insert AFTER INSERT ON member_prefs "
        f"WHEN NEW.campaign_id IS NOT NULL {_BUMP};"
    )
    out.append(f"CREATE TRIGGER roster_version_prefs_update AFTER UPDATE OF campaign_id ON member_prefs {_BUMP};")
    out.append(f"CREATE TRIGGER roster_version_prefs_delete AFTER DELETE ON member_prefs {_BUMP};")
    return "\n".join(out)


V14_ROSTER_VERSION = f"""
CREATE TABLE roster_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO roster_version (id, n) VALUES (1, 0);
{_triggers()}
"""
