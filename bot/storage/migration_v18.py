"""Migration v18: the day an entry counts on, held in its own row, so every per-day reader dates it by one
rule (README, one day rule). Append only, like every migration: never edit once shipped.

An entry counts on the day the member named (`work_date`), else on the local day of a moment: its own
`created_at`, or `counted_at` when another entry dates it. A correction (an /undo, the take-back of an
edit) carries the entry it corrects — its `work_date` (as since v6) and the moment that entry counts at —
and an edit's new revision that names no day carries its message's first entry (its `work_date` and
`created_at`): fixing a slip is no work done on the day of the fix. A plain report leaves `counted_at`
NULL, so its write costs nothing more. Before v18 only 核查 and the export's daily sheet read that rule (by
joining each row to the entries that date it); the day sums, the forecast's series and the anomaly rules
dated a correction on the day it was made: a day +10, the next −5.

The backfill sets both for the rows another entry dates, the way those joins did. The day sums' triggers
are taken down for it and made again reading the column, and the sums of every campaign that has them
are computed afresh at the offset they were kept at; their version grows, so no number derived from the
old sums is served again. The update moves the task marks (v13) of the member-tasks it touches, so their
kept judgements are judged again.
"""

from __future__ import annotations

from bot.storage.migration_v12 import day_sum_triggers, live


def _day(x: str) -> str:
    return f"COALESCE({x}.work_date, date(COALESCE({x}.counted_at, {x}.created_at) + z.offset_seconds, 'unixepoch'))"


def _row(alias: str) -> str:
    """The written row itself as a one-row source."""
    return (
        f"(SELECT {alias}.campaign_id AS campaign_id, {alias}.member_id AS member_id, {alias}.task AS task, "
        f"{alias}.work_date AS work_date, {alias}.created_at AS created_at, {alias}.counted_at AS counted_at, "
        f"{alias}.status AS status, {alias}.delta AS delta) x"
    )


_TRIGGERS = ("insert", "correct", "update", "recorrect", "delete", "uncorrect")

# The rows another entry dates: for a row `r`, `b` is the entry a correction corrects (else `r` itself)
# and `a`, for an undated revision, its message's first entry; the day named, and the moment of the entry
# that dates `r` when that is not `r` itself.
_DATED_BY = """
INSERT INTO temp.dated_by (id, work_date, counted_at)
SELECT id, named, moment FROM (SELECT r.id, COALESCE(b.work_date, a.work_date) AS named,
    CASE WHEN COALESCE(a.id, b.id) != r.id THEN COALESCE(a.created_at, b.created_at) END AS moment, r.work_date AS own
FROM reports r JOIN reports b ON b.id = COALESCE(r.corrects_id, r.id)
LEFT JOIN reports a ON a.id = CASE WHEN b.revision > 0 AND b.work_date IS NULL THEN (
    SELECT MIN(f.id) FROM reports f WHERE f.chat_id = b.chat_id AND f.message_id = b.message_id
    AND f.member_id = b.member_id AND f.source != 'correction') END
WHERE r.corrects_id IS NOT NULL OR r.revision > 0) WHERE moment IS NOT NULL OR named IS NOT own
"""

# The day sums' triggers are v12's (migration_v12.day_sum_triggers), made again with this day rule and a
# row that carries `counted_at`. That shared text is history — what v12 and v18 ran on every file — and
# must never change; were a later rule to differ in more than these, it would get SQL of its own.
V18_COUNTED_AT = f"""
{"".join(f"DROP TRIGGER day_sums_{name};" for name in _TRIGGERS)}
ALTER TABLE reports ADD COLUMN counted_at INTEGER;
CREATE TEMP TABLE dated_by (id INTEGER PRIMARY KEY, work_date TEXT, counted_at INTEGER);
{_DATED_BY};
UPDATE reports SET (work_date, counted_at) = (
    SELECT d.work_date, d.counted_at FROM temp.dated_by d WHERE d.id = reports.id)
WHERE id IN (SELECT id FROM temp.dated_by);
DROP TABLE temp.dated_by;
{day_sum_triggers(_day, _row)};
DELETE FROM day_sums;
INSERT INTO day_sums (campaign_id, member_id, task, day, sent, status, live, total, entries, negatives)
SELECT r.campaign_id, r.member_id, r.task, {_day("r")} AS day, (r.created_at + z.offset_seconds) / 86400 AS sent,
    r.status, {live("r")} AS live, SUM(r.delta), COUNT(*), SUM(r.delta < 0)
FROM reports r JOIN day_sum_zones z ON z.campaign_id = r.campaign_id
GROUP BY r.campaign_id, r.member_id, r.task, day, sent, r.status, live;
UPDATE day_sum_zones SET version = version + 1
"""
