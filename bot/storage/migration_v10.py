"""Migration v10: 核查, the numbers of a reconciliation. Append only, like every migration: never edit once shipped.

核查 (issue 11 §4): a reconciliation keeps the numbers only — per row the checked count beside what was
reported (and verified) in the same scope up to the as-of date, as it was then — with the source's name,
the as-of date, who uploaded it (NULL: the operator, from the command line) and when; never the file.
`update_key` (the upload's chat and message) makes a redelivered upload store nothing twice. An intent
(/reconcile, then the file) is kept here, not in memory, so a restart in between loses nothing.
"""

from __future__ import annotations

V10_RECONCILIATIONS = """
CREATE TABLE reconciliations (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    source TEXT NOT NULL,
    as_of TEXT NOT NULL,  -- the campaign's local date, 'YYYY-MM-DD'
    member_id INTEGER REFERENCES members(id),
    created_at INTEGER NOT NULL,
    update_key TEXT UNIQUE
);
CREATE INDEX reconciliations_campaign ON reconciliations (campaign_id, id);
CREATE TABLE reconciliation_rows (
    reconciliation_id INTEGER NOT NULL REFERENCES reconciliations(id),
    position INTEGER NOT NULL,  -- the file's row order
    assignee_kind TEXT NOT NULL CHECK (assignee_kind IN ('unit', 'member')),
    assignee_key TEXT NOT NULL,
    task TEXT NOT NULL,
    checked INTEGER NOT NULL,
    reported INTEGER NOT NULL,
    verified INTEGER NOT NULL,
    PRIMARY KEY (reconciliation_id, assignee_kind, assignee_key, task)
) WITHOUT ROWID;
CREATE TABLE reconcile_intents (
    user_id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    expires_at INTEGER NOT NULL
) WITHOUT ROWID
"""
