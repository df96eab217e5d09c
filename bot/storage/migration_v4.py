"""Migration v4: every write is idempotent by the update that caused it. Append only, like every migration: never
edit once shipped.

Every write is idempotent by the update that caused it (SPEC §9, issue 8):
- an /undo is keyed by its own message: delivered again, it reverts nothing more. (A unique index on
  correction rows would do it too, but a v3 ledger may already hold the doubled corrections of a
  redelivered /undo, and the index could then not be built.)
- an "are you sure?" question is stored with the exact (chat, message, revision) it asked about and
  the parsed counts only, never the text; it survives a restart and is answered at most once.
- no entry can move a total by more than a million: SQLite cannot add a CHECK to an existing table,
  so BEFORE triggers refuse the row (the service refuses far smaller counts first).
"""

from __future__ import annotations

V4_WRITES_BY_UPDATE = """
CREATE TABLE undos (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id),
    at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;
CREATE TABLE confirmations (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    user_id INTEGER NOT NULL,
    items TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'confirmed', 'cancelled', 'superseded')),
    asked_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id, revision)
) WITHOUT ROWID;
CREATE TRIGGER reports_delta_bounded BEFORE INSERT ON reports
    WHEN NEW.delta NOT BETWEEN -1000000 AND 1000000
BEGIN
    SELECT RAISE(ABORT, 'reports.delta beyond 1000000');
END;
CREATE TRIGGER reports_delta_bounded_update BEFORE UPDATE OF delta ON reports
    WHEN NEW.delta NOT BETWEEN -1000000 AND 1000000
BEGIN
    SELECT RAISE(ABORT, 'reports.delta beyond 1000000');
END
"""
