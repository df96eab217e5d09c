"""Migration v15: a member's own writes move a counter of their own, not the shared roster version
(migration v14). Append only, like every migration: never edit once shipped.

v14 moved the one shared counter with every write to `members` and with every chosen campaign, so one
member's /lang, /campaign or /start join emptied every sender's kept context (bot/services/senders.py):
anyone could turn every report into a wasted write, a read and a second write by changing their language
in a loop. What only the member's own context is read from — their language, their Telegram link, the
campaign they chose — now moves `member_versions.n` of that member alone; what other members' contexts
are read from (their unit, its chain, a leader's role, the organisation, campaigns) still moves the
shared counter. A report's write compares both (bot/storage/ledger.py record_first).

v14's triggers on `members` updates and on `member_prefs` are replaced; its others stay as they were.
"""

from __future__ import annotations

# The columns of `members` only the member's own context is read from (tests/storage/test_roster_triggers.py
# checks every column is named here or in ORG_COLUMNS, so a new column must be placed on purpose).
OWN_COLUMNS = ("language", "telegram_user_id", "joined_at")
ORG_COLUMNS = ("id", "key", "name", "unit_code", "role", "weight")

_SHARED = "UPDATE roster_version SET n = n + 1 WHERE id = 1;"


def _own(member: str) -> str:
    return (
        f"INSERT INTO member_versions (member_id, n) VALUES ({member}, 1) "
        "ON CONFLICT(member_id) DO UPDATE SET n = n + 1;"
    )


V15_MEMBER_VERSIONS = f"""
CREATE TABLE member_versions (
    member_id INTEGER PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;
DROP TRIGGER roster_version_members_update;
DROP TRIGGER roster_version_prefs_insert;
DROP TRIGGER roster_version_prefs_update;
DROP TRIGGER roster_version_prefs_delete;
CREATE TRIGGER roster_version_members_update AFTER UPDATE OF {", ".join(ORG_COLUMNS)} ON members
BEGIN {_SHARED} END;
CREATE TRIGGER member_version_members_update AFTER UPDATE OF {", ".join(OWN_COLUMNS)} ON members
BEGIN {_own("OLD.id")} END;
CREATE TRIGGER member_version_prefs_insert AFTER INSERT ON member_prefs WHEN NEW.campaign_id IS NOT NULL
BEGIN {_own("NEW.member_id")} END;
CREATE TRIGGER member_version_prefs_update AFTER UPDATE OF campaign_id ON member_prefs
BEGIN {_own("NEW.member_id")} END;
CREATE TRIGGER member_version_prefs_delete AFTER DELETE ON member_prefs
BEGIN {_own("OLD.member_id")} END;
"""
