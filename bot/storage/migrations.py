"""Versioned forward migrations. Append only: never edit a migration that has shipped.

Times are stored as INTEGER unix seconds (UTC) so range queries use plain integer indexes;
repositories turn them into aware datetimes.
"""

from __future__ import annotations

from bot.storage.migration_v12 import V12_DAY_SUMS
from bot.storage.migration_v13 import V13_TASK_FLAGS
from bot.storage.migration_v14 import V14_ROSTER_VERSION
from bot.storage.migration_v15 import V15_MEMBER_VERSIONS
from bot.storage.migration_v16 import V16_MOMENTS
from bot.storage.migration_v17 import V17_ENTERED_BY
from bot.storage.migration_v18 import V18_COUNTED_AT
from bot.storage.migration_v19 import V19_STEPS
from bot.storage.migration_v20 import V20_RECENT

V1_CORE = """
CREATE TABLE units (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT REFERENCES units(code)
);
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit_code TEXT NOT NULL REFERENCES units(code),
    role TEXT NOT NULL CHECK (role IN ('leader', 'cadre')),
    language TEXT NOT NULL DEFAULT 'zh',
    weight REAL NOT NULL DEFAULT 1.0,
    telegram_user_id INTEGER UNIQUE,
    joined_at INTEGER
);
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at INTEGER NOT NULL,
    timezone TEXT NOT NULL,
    settings TEXT NOT NULL,
    cancelled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,  -- notifications due before the plan was imported were never scheduled
    updated_at INTEGER NOT NULL
);
CREATE TABLE campaign_tasks (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    aliases TEXT NOT NULL,
    max_per_report INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, key)
);
CREATE TABLE milestones (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    percent INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, percent)
);
CREATE TABLE rules (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    level TEXT NOT NULL,
    task TEXT NOT NULL,
    count INTEGER NOT NULL,
    by_percent INTEGER NOT NULL
);
CREATE TABLE campaign_units (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    unit_code TEXT NOT NULL REFERENCES units(code),
    position INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, unit_code)
);
CREATE TABLE campaign_members (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    active INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, member_id)
);
CREATE TABLE quotas (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    assignee_kind TEXT NOT NULL CHECK (assignee_kind IN ('unit', 'member')),
    assignee_key TEXT NOT NULL,
    task TEXT NOT NULL,
    quota INTEGER NOT NULL CHECK (quota >= 0),
    PRIMARY KEY (campaign_id, assignee_kind, assignee_key, task)
);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    task TEXT NOT NULL,
    delta INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('button', 'text', 'command', 'correction')),
    chat_id INTEGER,
    message_id INTEGER,
    revision INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'verified', 'rejected')),
    verified_by INTEGER REFERENCES members(id),
    verified_at INTEGER,
    corrects_id INTEGER REFERENCES reports(id)
);
-- A Telegram message (at one edit revision) yields at most one entry per task: a repeat is a no-op.
CREATE UNIQUE INDEX reports_origin ON reports (chat_id, message_id, revision, task)
    WHERE source != 'correction';
-- An entry is corrected at most once, so an undo or edit delivered twice cannot subtract twice.
CREATE UNIQUE INDEX reports_corrects ON reports (corrects_id) WHERE corrects_id IS NOT NULL;
-- Covering index for the per-(member, task) aggregates behind progress, ranking and bulletins.
CREATE INDEX reports_progress ON reports (campaign_id, member_id, task, status, created_at, delta);
CREATE INDEX reports_pending ON reports (campaign_id, status) WHERE status = 'reported';
"""

V2_OPERATIONS = """
CREATE TABLE join_codes (
    code TEXT PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by INTEGER
);
CREATE INDEX join_codes_member ON join_codes (member_id);
CREATE TABLE join_attempts (
    telegram_user_id INTEGER NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX join_attempts_user ON join_attempts (telegram_user_id, at);
CREATE TABLE member_prefs (
    member_id INTEGER PRIMARY KEY REFERENCES members(id),
    campaign_id INTEGER REFERENCES campaigns(id),
    unreachable INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE bound_groups (
    chat_id INTEGER PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES units(code),
    bound_by INTEGER NOT NULL REFERENCES members(id),
    bound_at INTEGER NOT NULL
);
CREATE TABLE seen_groups (  -- groups the bot was added to, left after a day if nobody binds them
    chat_id INTEGER PRIMARY KEY,
    added_at INTEGER NOT NULL,
    left_at INTEGER
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_member_id INTEGER,
    actor_user_id INTEGER,
    campaign_id INTEGER,
    action TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    kind TEXT NOT NULL,
    milestone_percent INTEGER,
    recipient TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'missed', 'unreachable', 'skipped',
                                         'uncertain')),
    claimed_at INTEGER NOT NULL,
    sent_at INTEGER,
    message_id INTEGER,
    late INTEGER NOT NULL DEFAULT 0,
    reported INTEGER NOT NULL DEFAULT 0,  -- listed in a leader digest already
    detail TEXT
);
CREATE INDEX notifications_state ON notifications (campaign_id, state);
CREATE TABLE bulletin_snapshots (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    unit_code TEXT NOT NULL,
    posted_at INTEGER NOT NULL,
    completions TEXT NOT NULL,
    PRIMARY KEY (campaign_id, unit_code)
)
"""

# Every leader whose scope holds a missed / uncertain / failed / unreachable notification hears of
# it once, in their own digest (v2's `reported` flag let the first leader's digest hide it from the
# others). Rows flagged `reported` under v2 count as heard by everyone.
V3_PROBLEMS_PER_LEADER = """
CREATE TABLE problem_reports (
    notification_id INTEGER NOT NULL REFERENCES notifications(id),
    leader_id INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (notification_id, leader_id)
) WITHOUT ROWID
"""

# Every write is idempotent by the update that caused it (SPEC §9, issue 8):
# - an /undo is keyed by its own message: delivered again, it reverts nothing more. (A unique index on
#   correction rows would do it too, but a v3 ledger may already hold the doubled corrections of a
#   redelivered /undo, and the index could then not be built.)
# - an "are you sure?" question is stored with the exact (chat, message, revision) it asked about and
#   the parsed counts only, never the text; it survives a restart and is answered at most once.
# - no entry can move a total by more than a million: SQLite cannot add a CHECK to an existing table,
#   so BEFORE triggers refuse the row (the service refuses far smaller counts first).
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

# An acknowledgement is owed durably, in the transaction that committed the report (SPEC §9, issue 8 E):
# its update can then be confirmed to Telegram at once, while the reply is still being sent (a 429 in
# its chat may hold it for minutes), and one left by a crash is sent at the next start. Only keys are
# stored — the reply is composed again from the ledger — never the member's text. A row is kept, done,
# for two days (longer than Telegram keeps an update), so a redelivered update answered already is not
# answered again.
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

# The day the work was done, when the member named it (`昨天走访5户`, SPEC §3.2): the campaign's local
# date as 'YYYY-MM-DD'; NULL means the day the entry was recorded. A correction carries the date of the
# entry it corrects, so a daily sheet nets out. A stored question now says what it asks: a count above
# max_per_report (large, the only kind before), a misspelt task word (typo) or a running total whose
# difference would be recorded (total), and the day its answer records the work under.
V6_WORK_DATE = """
ALTER TABLE reports ADD COLUMN work_date TEXT;
ALTER TABLE confirmations ADD COLUMN kind TEXT NOT NULL DEFAULT 'large' CHECK (kind IN ('large', 'typo', 'total'));
ALTER TABLE confirmations ADD COLUMN work_date TEXT
"""

# A leader may report on behalf of a cadre without a phone (/report_for): the entry is the cadre's, and
# who typed it is kept beside it for the ledger export and the audit (NULL: the member reported it).
V7_PROXY_REPORTS = """
ALTER TABLE reports ADD COLUMN entered_by INTEGER REFERENCES members(id)
"""

# A checkpoint's own evaluation (SPEC §5): per assignee and task, what was done against the milestone's
# target when the checkpoint ran, so a closed milestone is reported as it was judged (the export), not
# re-computed with later totals. `due_at` is the due it was judged at: a moved milestone is judged anew.
V8_CHECKPOINT_RESULTS = """
CREATE TABLE checkpoint_results (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    percent INTEGER NOT NULL,
    assignee_kind TEXT NOT NULL CHECK (assignee_kind IN ('unit', 'member')),
    assignee_key TEXT NOT NULL,
    task TEXT NOT NULL,
    done INTEGER NOT NULL,
    target INTEGER NOT NULL,
    met INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    evaluated_at INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, percent, assignee_kind, assignee_key, task)
) WITHOUT ROWID
"""

# Graduated warnings (issue 11 §5, bot/domain/warnings.py): the step (yellow, red, public) a member took at
# a checkpoint, written in the transaction that stores that checkpoint's evaluation, so a re-run after a
# crash finds it and neither records nor sends it again (the notices have their own outbox keys). One
# step per member per checkpoint; after a met checkpoint resets the count a new run of misses may take
# the same level again at a later checkpoint. `missed`: the checkpoints missed in a row at that step.
V11_WARNINGS = """
CREATE TABLE warnings (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_key TEXT NOT NULL,
    percent INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('yellow', 'red', 'public')),
    missed INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, member_key, percent)
) WITHOUT ROWID
"""

# Leave (请假, issue 11 §2): a member away for whole campaign-local days, first to last inclusive, as
# ISO dates. Only the dates: no reason is ever stored. Every write is keyed by the update that caused it:
# a leave by its /leave message (chat_id, message_id), its early end or its replacement by a merged leave
# by the message that ended it (ended_chat_id, ended_message_id), so a redelivered update writes nothing
# more and is answered from the row it wrote. `cancelled`: called off before it began, or merged into a
# longer leave; such a row no longer counts. `created_by`: who set it (NULL: the command line).
# `resplit_at`: when a leader took the one-tap offer to hand the member's remaining quota to the unit's
# others (keyed by the offer message pressed), so a second press or a redelivered one re-splits nothing.
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

# 核查 (issue 11 §4): a reconciliation keeps the numbers only — per row the checked count beside what was
# reported (and verified) in the same scope up to the as-of date, as it was then — with the source's name,
# the as-of date, who uploaded it (NULL: the operator, from the command line) and when; never the file.
# `update_key` (the upload's chat and message) makes a redelivered upload store nothing twice. An intent
# (/reconcile, then the file) is kept here, not in memory, so a restart in between loses nothing.
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
