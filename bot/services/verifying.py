"""/verify's values (a page of pending reports, a unit as typed) and telling cadres what became of
their reports (issue 10): one notification per cadre per decision round, claimed in the outbox
inside the decision's own transaction and keyed by the decision's update.

Claimed with the decision, not after it: a crash between the commit and the send leaves the row
`claimed`, which start-up turns `uncertain` and the leaders' next digest lists — never sent twice,
never dropped silently. A redelivered or repeated decision decides nothing new, so it tells nobody again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiosqlite

from bot.domain.anomalies import Flag
from bot.domain.model import Unit
from bot.services.notifications import Target, claim_in
from bot.services.progress import LoadedBook
from bot.storage.campaigns import CampaignRecord
from bot.storage.ledger import ReportRow
from bot.storage.org import MemberRecord

KIND = "decision"


@dataclass(frozen=True, slots=True)
class PendingItem:
    """A report awaiting review, with whom and where it is from."""

    report: ReportRow
    member: str
    unit: str


@dataclass(frozen=True, slots=True)
class PendingPage:
    unit: Unit | None  # the unit asked for (`/verify <unit>`), or None: the actor's whole scope
    total: int  # pending in that scope, however many are shown
    items: list[PendingItem]  # the first page of them
    flags: Mapping[int, tuple[Flag, ...]] = field(default_factory=dict)  # report id → why it is flagged
    flagged: int = 0  # of `total`, how many are flagged
    flagged_only: bool = False  # `/verify flagged`: `total` and `items` are the flagged ones


@dataclass(frozen=True, slots=True)
class DecidedReport:
    task: str
    delta: int
    at: datetime  # when it was reported


@dataclass(frozen=True, slots=True)
class DecisionNotice:
    """One cadre's message about one decision round, its outbox row already claimed."""

    notification_id: int
    target: Target
    chat_id: int
    language: str
    approved: bool
    reports: tuple[DecidedReport, ...]


@dataclass(frozen=True, slots=True)
class DecisionRound:
    changed: int  # ledger rows whose status changed (corrections follow their entry)
    notices: list[DecisionNotice]


def page_of(loaded: LoadedBook, code: str, total: int, rows: Sequence[ReportRow], **flags: Any) -> PendingPage:
    """A page of pending reports of the subtree of `code`, each with its member's and unit's names."""
    tree, items = loaded.tree, []
    for r in rows:
        member = loaded.by_id[r.member_id].member
        items.append(PendingItem(r, member.name, tree.unit(member.unit_code).name))
    return PendingPage(tree.unit(code) if code else None, total, items, **flags)


def decision_key(campaign_id: int, update_id: int, member_id: int) -> str:
    return f"{campaign_id}:{KIND}:u{update_id}:m{member_id}"


async def claim_notices(
    conn: aiosqlite.Connection,
    record: CampaignRecord,
    decided: Sequence[ReportRow],
    reporters: Mapping[int, MemberRecord],
    *,
    approved: bool,
    update_id: int,
    now: datetime,
) -> list[DecisionNotice]:
    """Claim one notification per reporter of `decided` (the rows this round changed), in `conn`'s
    transaction. Reporters who never joined have no chat to be told in."""
    by_member: dict[int, list[ReportRow]] = {}
    for row in decided:
        by_member.setdefault(row.member_id, []).append(row)
    notices = []
    for member_id, rows in by_member.items():
        reporter = reporters.get(member_id)
        if reporter is None or reporter.member.telegram_user_id is None:
            continue
        target = Target.private(decision_key(record.id, update_id, member_id), record.id, KIND, member_id, now)
        nid = await claim_in(conn, target, now)
        if nid is None:  # told before: this update was handled already
            continue
        reports = tuple(DecidedReport(r.task, r.delta, r.created_at) for r in rows)
        chat = reporter.member.telegram_user_id
        notices.append(DecisionNotice(nid, target, chat, reporter.member.language, approved, reports))
    return notices
