"""Migration v5: an acknowledgement is owed durably, with the report it answers. Append only, like every migration:
never edit once shipped.

An acknowledgement is owed durably, in the transaction that committed the report (SPEC §9, issue 8 E):
its update can then be confirmed to Telegram at once, while the reply is still being sent (a 429 in
its chat may hold it for minutes), and one left by a crash is sent at the next start. Only keys are
stored — the reply is composed again from the ledger — never the member's text. A row is kept, done,
for two days (longer than Telegram keeps an update), so a redelivered update answered already is not
answered again.
"""

from __future__ import annotations

V5_OWED_REPLIES = """
CREATE TABLE owed_replies (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,  -- the member's message the reply answers
    revision INTEGER NOT NULL,  -- its edit revision (0: as first sent)
    kind TEXT NOT NULL CHECK (kind IN ('report')),
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    owed_at INTEGER NOT NULL,
    done_at INTEGER,  -- sent, refused by Telegram for good (403, 400), or moot (its report was corrected)
    outcome TEXT CHECK (outcome IN ('sent', 'refused', 'moot')),
    PRIMARY KEY (chat_id, message_id, revision)
) WITHOUT ROWID;
CREATE INDEX owed_replies_open ON owed_replies (owed_at) WHERE done_at IS NULL
"""
