"""Migration v9: leave (请假), whole days away. Append only, like every migration: never edit once shipped.

Leave (请假, issue 11 §2): a member away for whole campaign-local days, first to last inclusive, as
ISO dates. Only the dates: no reason is ever stored. Every write is keyed by the update that caused it:
a leave by its /leave message (chat_id, message_id), its early end or its replacement by a merged leave
by the message that ended it (ended_chat_id, ended_message_id), so a redelivered update writes nothing
more and is answered from the row it wrote. `cancelled`: called off before it began, or merged into a
longer leave; such a row no longer counts. `created_by`: who set it (NULL: the command line).
`resplit_at`: when a leader took the one-tap offer to hand the member's remaining quota to the unit's
others (keyed by the offer message pressed), so a second press or a redelivered one re-splits nothing.
"""

from __future__ import annotations

V9_LEAVES = """
CREATE TABLE leaves (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    created_by INTEGER REFERENCES members(id),
    created_at INTEGER NOT NULL,
    chat_id INTEGER,
    message_id INTEGER,
    ended_at INTEGER,
    ended_chat_id INTEGER,
    ended_message_id INTEGER,
    cancelled INTEGER NOT NULL DEFAULT 0,
    resplit_at INTEGER,
    resplit_chat_id INTEGER,
    resplit_message_id INTEGER,
    CHECK (last_day >= first_day)
);
CREATE UNIQUE INDEX leaves_origin ON leaves (chat_id, message_id) WHERE chat_id IS NOT NULL;
CREATE INDEX leaves_ended_by ON leaves (ended_chat_id, ended_message_id) WHERE ended_chat_id IS NOT NULL;
CREATE INDEX leaves_member ON leaves (campaign_id, member_id) WHERE cancelled = 0
"""
