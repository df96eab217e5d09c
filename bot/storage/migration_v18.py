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


def _day(x: str) -> str:
    return f"COALESCE({x}.work_date, date(COALESCE({x}.counted_at, {x}.created_at) + z.offset_seconds, 'unixepoch'))"


def _live(x: str) -> str:
    return f"({x}.source != 'correction' AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = {x}.id))"


def _add(source: str, live: str, sign: int) -> str:
    """Add (sign 1) or take out (-1) the rows `source` yields (aliased x) at liveness `live` (as v12)."""
    return (
        "INSERT INTO day_sums (campaign_id, member_id, task, day, sent, status, live, total, entries, negatives) "
        f"SELECT x.campaign_id, x.member_id, x.task, {_day('x')}, (x.created_at + z.offset_seconds) / 86400, "
        f"x.status, {live}, {sign} * x.delta, {sign}, {sign} * (x.delta < 0) "
        f"FROM {source} JOIN day_sum_zones z ON z.campaign_id = x.campaign_id WHERE true "
        "ON CONFLICT DO UPDATE SET total = total + excluded.total, entries = entries + excluded.entries, "
        "negatives = negatives + excluded.negatives;\n"
    )


def _row(alias: str) -> str:
    """The written row itself as a one-row source."""
    return (
        f"(SELECT {alias}.campaign_id AS campaign_id, {alias}.member_id AS member_id, {alias}.task AS task, "
        f"{alias}.work_date AS work_date, {alias}.created_at AS created_at, {alias}.counted_at AS counted_at, "
        f"{alias}.status AS status, {alias}.delta AS delta) x"
    )


def _corrected(ref: str) -> str:
    """The entry a correction points at, when it is not a correction itself (only such can be live)."""
    return f"(SELECT * FROM reports WHERE id = {ref} AND source != 'correction') x"


def _tidy(alias: str) -> str:
    return f"UPDATE day_sum_zones SET version = version + 1 WHERE campaign_id = {alias}.campaign_id;\n"


_OLD_LIVE = _live("OLD")
_NEW_LIVE = _live("NEW")
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

V18_COUNTED_AT = f"""
{"".join(f"DROP TRIGGER day_sums_{name};" for name in _TRIGGERS)}
ALTER TABLE reports ADD COLUMN counted_at INTEGER;
CREATE TEMP TABLE dated_by (id INTEGER PRIMARY KEY, work_date TEXT, counted_at INTEGER);
{_DATED_BY};
UPDATE reports SET (work_date, counted_at) = (
    SELECT d.work_date, d.counted_at FROM temp.dated_by d WHERE d.id = reports.id)
WHERE id IN (SELECT id FROM temp.dated_by);
DROP TABLE temp.dated_by;
CREATE TRIGGER day_sums_insert AFTER INSERT ON reports
BEGIN
{_add(_row("NEW"), _NEW_LIVE, 1)}{_tidy("NEW")}END;
CREATE TRIGGER day_sums_correct AFTER INSERT ON reports
WHEN NEW.corrects_id IS NOT NULL
BEGIN
{_add(_corrected("NEW.corrects_id"), "1", -1)}{_add(_corrected("NEW.corrects_id"), "0", 1)}END;
CREATE TRIGGER day_sums_update AFTER UPDATE ON reports
BEGIN
{_add(_row("OLD"), _OLD_LIVE, -1)}{_add(_row("NEW"), _NEW_LIVE, 1)}{
    _tidy("OLD").replace("= OLD.campaign_id", "IN (OLD.campaign_id, NEW.campaign_id)")
}END;
CREATE TRIGGER day_sums_recorrect AFTER UPDATE OF corrects_id ON reports
WHEN OLD.corrects_id IS NOT NEW.corrects_id
BEGIN
{_add(_corrected("OLD.corrects_id"), "0", -1)}{_add(_corrected("OLD.corrects_id"), _live("x"), 1)}{
    _add(_corrected("NEW.corrects_id"), "1", -1)
}{_add(_corrected("NEW.corrects_id"), "0", 1)}{_tidy("NEW")}END;
CREATE TRIGGER day_sums_delete AFTER DELETE ON reports
BEGIN
{_add(_row("OLD"), _OLD_LIVE, -1)}{_tidy("OLD")}END;
CREATE TRIGGER day_sums_uncorrect AFTER DELETE ON reports
WHEN OLD.corrects_id IS NOT NULL
BEGIN
{_add(_corrected("OLD.corrects_id"), "0", -1)}{_add(_corrected("OLD.corrects_id"), _live("x"), 1)}END;
DELETE FROM day_sums;
INSERT INTO day_sums (campaign_id, member_id, task, day, sent, status, live, total, entries, negatives)
SELECT r.campaign_id, r.member_id, r.task, {_day("r")} AS day, (r.created_at + z.offset_seconds) / 86400 AS sent,
    r.status, {_live("r")} AS live, SUM(r.delta), COUNT(*), SUM(r.delta < 0)
FROM reports r JOIN day_sum_zones z ON z.campaign_id = r.campaign_id
GROUP BY r.campaign_id, r.member_id, r.task, day, sent, r.status, live;
UPDATE day_sum_zones SET version = version + 1
"""
