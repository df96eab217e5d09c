"""Migration v12: the ledger's day sums, kept by the ledger's own writes (issue 11, a county digest well
under a second). Append only, like every migration: never edit once shipped.

`day_sums` holds, per campaign, member, task, counted day (the work day named, else the local day it
was sent), sent day (local days since the epoch), status and liveness, the sum of the entries, how many
there are and how many of them are negative. `live` = 1: not a correction and not corrected (the
anomaly rules' live entries, bot/storage/signals.py); 0: a correction or an entry undone by one (the
forecast's sums still add them: they net out). A row whose entries all left (verified, moved) stays
with zeros, which add nothing; readers skip it: deleting it in every write would cost a statement more
per row written. Its rows with entries always equal a fresh GROUP BY of the ledger
(tests/storage/test_day_sums.py checks it).

The local day needs the zone's UTC offset, which SQLite cannot derive from a zone name: the sums of a
campaign are kept only once `day_sum_zones` names the offset they are taken at (the campaign's at its
start, bot/storage/day_sums.py builds them in one statement on first use, or again when the zone
changes). Until then the triggers write nothing for it and readers take the ledger's own path.
`version` grows with every write to the campaign's ledger (any column of an update), in the same
transaction: a cache of numbers derived from the ledger keyed by it can never serve stale numbers.

The triggers run in the writing statement's transaction. Liveness is read after the write, so a row's
own contribution is taken out with the liveness it had (a row's liveness depends only on whether a
correction points at it, which its own update or deletion does not change).
"""

from __future__ import annotations

from collections.abc import Callable


def _day(x: str) -> str:
    return f"COALESCE({x}.work_date, date({x}.created_at + z.offset_seconds, 'unixepoch'))"


def _row(alias: str) -> str:
    """The written row itself as a one-row source."""
    return (
        f"(SELECT {alias}.campaign_id AS campaign_id, {alias}.member_id AS member_id, {alias}.task AS task, "
        f"{alias}.work_date AS work_date, {alias}.created_at AS created_at, {alias}.status AS status, "
        f"{alias}.delta AS delta) x"
    )


def live(x: str) -> str:
    """Whether entry `x` is live: no correction, and not corrected."""
    return f"({x}.source != 'correction' AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = {x}.id))"


def _corrected(ref: str) -> str:
    """The entry a correction points at, when it is not a correction itself (only such can be live)."""
    return f"(SELECT * FROM reports WHERE id = {ref} AND source != 'correction') x"


def _tidy(alias: str) -> str:
    return f"UPDATE day_sum_zones SET version = version + 1 WHERE campaign_id = {alias}.campaign_id;\n"


def day_sum_triggers(day: Callable[[str], str], row: Callable[[str], str]) -> str:
    """The six triggers that keep `day_sums` with the ledger: `day` gives an entry's counted day (from its
    alias), `row` the written row as a one-row source aliased x. v12 ships them with its day rule; v18 takes
    them down and makes them again with its own (`counted_at`), the same text otherwise.

    This text is history twice over — it is what v12 and v18 ran on every file in the field, and a file
    made before either is upgraded by running it again — so it must never change, not even in its spaces
    (tests/storage/test_schema_history.py): a new rule is a new migration with SQL of its own."""

    def add(source: str, live: str, sign: int) -> str:
        """Add (sign 1) or take out (-1) the rows `source` yields (aliased x) at liveness `live`."""
        return (
            "INSERT INTO day_sums (campaign_id, member_id, task, day, sent, status, live, total, entries, negatives) "
            f"SELECT x.campaign_id, x.member_id, x.task, {day('x')}, (x.created_at + z.offset_seconds) / 86400, "
            f"x.status, {live}, {sign} * x.delta, {sign}, {sign} * (x.delta < 0) "
            f"FROM {source} JOIN day_sum_zones z ON z.campaign_id = x.campaign_id WHERE true "
            "ON CONFLICT DO UPDATE SET total = total + excluded.total, entries = entries + excluded.entries, "
            "negatives = negatives + excluded.negatives;\n"
        )

    old_live, new_live = live("OLD"), live("NEW")
    return f"""CREATE TRIGGER day_sums_insert AFTER INSERT ON reports
BEGIN
{add(row("NEW"), new_live, 1)}{_tidy("NEW")}END;
CREATE TRIGGER day_sums_correct AFTER INSERT ON reports
WHEN NEW.corrects_id IS NOT NULL
BEGIN
{add(_corrected("NEW.corrects_id"), "1", -1)}{add(_corrected("NEW.corrects_id"), "0", 1)}END;
CREATE TRIGGER day_sums_update AFTER UPDATE ON reports
BEGIN
{add(row("OLD"), old_live, -1)}{add(row("NEW"), new_live, 1)}{
        _tidy("OLD").replace("= OLD.campaign_id", "IN (OLD.campaign_id, NEW.campaign_id)")
    }END;
CREATE TRIGGER day_sums_recorrect AFTER UPDATE OF corrects_id ON reports
WHEN OLD.corrects_id IS NOT NEW.corrects_id
BEGIN
{add(_corrected("OLD.corrects_id"), "0", -1)}{add(_corrected("OLD.corrects_id"), live("x"), 1)}{
        add(_corrected("NEW.corrects_id"), "1", -1)
    }{add(_corrected("NEW.corrects_id"), "0", 1)}{_tidy("NEW")}END;
CREATE TRIGGER day_sums_delete AFTER DELETE ON reports
BEGIN
{add(row("OLD"), old_live, -1)}{_tidy("OLD")}END;
CREATE TRIGGER day_sums_uncorrect AFTER DELETE ON reports
WHEN OLD.corrects_id IS NOT NULL
BEGIN
{add(_corrected("OLD.corrects_id"), "0", -1)}{add(_corrected("OLD.corrects_id"), live("x"), 1)}END"""


V12_DAY_SUMS = f"""
CREATE TABLE day_sum_zones (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
    offset_seconds INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE day_sums (
    campaign_id INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    task TEXT NOT NULL,
    day TEXT NOT NULL,
    sent INTEGER NOT NULL,
    status TEXT NOT NULL,
    live INTEGER NOT NULL,
    total INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    negatives INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, member_id, task, day, sent, status, live)
) WITHOUT ROWID;
{day_sum_triggers(_day, _row)}
"""
