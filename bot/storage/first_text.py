"""A typed report's first text, written whole in one trip to the database thread (record_first): the
authorisation, the entries, the owed reply and the member's sums for the acknowledgement — and, for a
sender not kept yet, the context the senders' cache keeps (bot/services/senders.py). The rest of the
ledger's writes are in bot/storage/ledger.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.leave import Leave
from bot.domain.model import Assignee, Unit
from bot.domain.origin import MessageKey
from bot.storage.book_reads import Aggregate, aggregate, aggregates_query
from bot.storage.campaigns import ASSIGNEE_QUOTAS_SQL
from bot.storage.codec import to_ts
from bot.storage.leaves import MEMBER_LEAVES_SQL, leave_row
from bot.storage.org import AUTHORIZED_SQL, UNIT_CHAIN_SQL
from bot.storage.replies import OWE_SQL, OwedReply, owe_params, still_owed


def first_text_query(
    campaign_id: int,
    member_id: int,
    counts: Sequence[tuple[str, int]],
    message: MessageKey,
    at: datetime,
    work_date: date | None,
) -> tuple[str, list[object]]:
    """ReportRepo.append_first()'s statement (also record_first's)."""
    chat, message_id = message.chat_id, message.message_id
    day = work_date.isoformat() if work_date else None
    params: list[object] = []
    for task, delta in counts:
        params += [campaign_id, member_id, task, delta, chat, message_id, message.revision, to_ts(at), day]
    rows = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(counts))
    sql = (
        "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, revision, "
        "created_at, status, corrects_id, work_date) SELECT column1, column2, column3, column4, 'text', column5, "
        f"column6, column7, column8, 'reported', NULL, column9 FROM (VALUES {rows}) "
        "WHERE NOT EXISTS (SELECT 1 FROM reports WHERE chat_id = ? AND message_id = ? AND source != 'correction') "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    return sql, [*params, chat, message_id]


@dataclass(frozen=True, slots=True)
class Kept:
    """The part of a member's standing that only the roster version moves (migration v14): their unit
    chain, quotas and leaves in one campaign. Read in a report's write and kept with the sender's
    context, so the next report at the same version need not read them again."""

    units: tuple[Unit, ...]
    quotas: tuple[tuple[tuple[Assignee, str], int], ...]
    leaves: tuple[Leave, ...]


@dataclass(frozen=True, slots=True)
class FirstText:
    """What record_first found and wrote."""

    cancelled: bool  # the campaign was cancelled meanwhile: nothing was written
    # The sender may no longer report (off the roster, unlinked), or the roster version moved since their
    # context was read: nothing was written, the report is decided again on fresh reads (or refused).
    stale: bool = False
    version: int = 0  # the roster version the write saw
    new: int = 0  # ledger rows written (0: the message was recorded before)
    owed: bool = False  # its acknowledgement is owed (False: a redelivery answered already)
    # The member's standing is built from these (bot/services/progress.py MemberReads), read after the
    # insert in the same transaction, so it counts the report.
    units: tuple[Unit, ...] = ()
    quotas: tuple[tuple[tuple[Assignee, str], int], ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    leaves: tuple[Leave, ...] = ()

    @property
    def kept(self) -> Kept:
        return Kept(self.units, self.quotas, self.leaves)


# The first statement a report's write runs: the campaign's cancellation, whether the sender may still
# report (bot/storage/org.py AUTHORIZED_SQL), and the roster version and the member's own (migrations
# v14, v15), which only guard what a kept context cached (its campaign record and Kept figures, the
# member's language and chosen campaign), never who may report.
_FIRST_CHECKS = (
    f"{AUTHORIZED_SQL}, (SELECT n FROM roster_version WHERE id = 1), "
    "COALESCE((SELECT n FROM member_versions WHERE member_id = ?2), 0)"
)


def record_first(
    reply: OwedReply,
    counts: Sequence[tuple[str, int]],
    *,
    member_key: str,
    unit_code: str,
    user_id: int,
    at: datetime,
    since: datetime,
    work_date: date | None = None,
    version: int | None = None,
    member_version: int = 0,
    kept: Kept | None = None,
) -> Callable[[sqlite3.Connection], FirstText]:
    """A typed report's first text, whole: the function returned runs in the writer's thread inside
    one transaction (Database.write_once). The campaign still running (asked under the write lock),
    the ledger rows only while the message has none, the acknowledgement owed, and the reads of the
    member's standing, which count the report.
    One trip instead of one per statement: each await on aiosqlite is a hand-off to its thread and a
    wake-up of the event loop, which cost more than these statements (issue 8's report benchmark).
    Who may report is asked in the same first statement: the member active on the campaign's roster and
    still linked to `user_id`; when not, nothing is written (FirstText.stale, whatever `version` says).
    `version`, `member_version`: the roster version and the member's own the sender and campaign were
    read at; when either has moved since, nothing is written (FirstText.stale): what the kept context
    cached is not used.
    `kept`: the member's unit chain, quotas and leaves read at that same version, not read again.
    The sums carry no steps: an acknowledgement ranks no one, so the tie-break is not read here (issue 8:
    a report's cost)."""

    def write(conn: sqlite3.Connection) -> FirstText:
        campaign_id, member_id = reply.campaign_id, reply.member_id
        checks = conn.execute(_FIRST_CHECKS, (campaign_id, member_id, user_id)).fetchone()
        cancelled, authorized, now_version, now_own = checks
        if version is not None and (now_version, now_own) != (version, member_version):
            return FirstText(cancelled=False, stale=True, version=now_version)
        if cancelled:
            return FirstText(cancelled=True, version=now_version)
        if not authorized:
            return FirstText(cancelled=False, stale=True, version=now_version)
        sql, params = first_text_query(campaign_id, member_id, counts, reply.key, at, work_date)
        new = len(conn.execute(sql, params).fetchall())
        owed = still_owed(conn.execute(OWE_SQL, owe_params(reply, at)).fetchall())
        shape = kept if kept is not None and version is not None else _read_kept(conn, campaign_id, member_id)
        sums_sql, sums_params = aggregates_query(campaign_id, since, member_id)
        sums = conn.execute(sums_sql, sums_params).fetchall()
        return FirstText(
            cancelled=False,
            version=now_version,
            new=new,
            owed=owed,
            units=shape.units,
            quotas=shape.quotas,
            aggregates=tuple(aggregate(r) for r in sums),
            leaves=shape.leaves,
        )

    def _read_kept(conn: sqlite3.Connection, campaign_id: int, member_id: int) -> Kept:
        units = conn.execute(UNIT_CHAIN_SQL, (campaign_id, unit_code)).fetchall()
        assignee = Assignee.member(member_key)
        quotas = conn.execute(ASSIGNEE_QUOTAS_SQL, (campaign_id, assignee.kind.value, assignee.key)).fetchall()
        leaves = conn.execute(MEMBER_LEAVES_SQL, (campaign_id, member_id)).fetchall()
        return Kept(
            tuple(Unit(r[0], r[1], r[2], r[3]) for r in units),
            tuple(((assignee, r[0]), int(r[1])) for r in quotas),
            tuple(leave_row(r).leave for r in leaves),
        )

    return write
