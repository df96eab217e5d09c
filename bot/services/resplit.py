"""The one-tap re-split offered when a leave is long (issue 11 §2): a leave of more working days than
`campaign.leave_resplit_after` offers the leader(s) of the member's unit (else the nearest above it;
for a leader on leave, the leaders above him, never his co-leaders: bot/domain/overseers.py), privately,
to hand what the member has not done yet to the unit's other cadres (bot/domain/resplit.py, /split's rule).

The offer is claimed in the outbox inside the leave's own transaction (one key per leave and leader),
so it is sent once, never twice, even across a crash. Taking it is checked against the policy
(Action.RESPLIT_LEAVE: nobody re-splits his own quota or a co-leader's), only by a leader it was sent to
(its outbox key), and bound to the leave and the quotas it was computed on; it is recorded on the
leave, so a second press (or a redelivered one) changes nothing and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain import policy
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.leave import Leave, campaign_days
from bot.domain.model import Assignee
from bot.domain.origin import MessageKey
from bot.domain.overseers import Overseers
from bot.domain.policy import Action
from bot.domain.resplit import Resplit, others, remaining, resplit, revision
from bot.domain.workdays import WorkCalendar
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.notifications import Target, claim_in
from bot.services.progress import LoadedBook, ProgressService
from bot.storage.campaigns import CampaignRecord, QuotaRepo
from bot.storage.db import Database
from bot.storage.leaves import LeaveRepo
from bot.storage.org import MemberRecord
from bot.storage.outbox import OutboxRepo

KIND = "resplit_offer"


@dataclass(frozen=True, slots=True)
class ResplitOffer:
    """One leader's private offer, its outbox row already claimed."""

    notification_id: int
    target: Target
    chat_id: int
    language: str
    leave_id: int
    revision: str
    name: str  # the member on leave
    leave: Leave
    workdays: int
    handed: dict[str, int]  # task → what would move
    takers: list[str]  # who would take it over, by name


@dataclass(frozen=True, slots=True)
class ResplitDone:
    name: str
    result: Resplit
    names: dict[Assignee, str]


def offer_key(campaign_id: int, leave_id: int, leader_id: int) -> str:
    """The outbox key of one leader's offer for one leave: claimed when it is sent, asked when it is taken."""
    return f"{campaign_id}:{KIND}:l{leave_id}:m{leader_id}"


def _done(loaded: LoadedBook, key: str) -> dict[str, int]:
    return {ts.task: ts.done for ts in loaded.book.standing(Assignee.member(key)).tasks}


async def claim_offers(
    conn: aiosqlite.Connection,
    loaded: LoadedBook,
    member: MemberRecord,
    leave_id: int,
    leave: Leave,
    span: tuple[date, date],
    now: datetime,
) -> list[ResplitOffer]:
    """Claim the offers a new leave earns, in its own transaction: none when it is short, when the member
    has nothing left of their own to do, or when nobody else in the unit could take it over."""
    record, tree = loaded.record, loaded.tree
    campaign = record.campaign
    first, last = max(leave.first, span[0]), min(leave.last, span[1])
    workdays = WorkCalendar(campaign.calendar).count_workdays(first, last) if first <= last else 0
    days = leave.dates_within(*span)  # a colleague away on any of them takes nothing over
    takers = others(tree, member.key, loaded.book.away, days) if tree.has_member(member.key) else []
    quotas = await QuotaRepo(conn).for_campaign(record.id)
    handed = remaining(quotas, member.key, _done(loaded, member.key))
    if workdays <= campaign.leave_resplit_after or not takers or not handed:
        return []
    rev = revision(quotas, [Assignee.member(member.key), *takers])
    # The unit's own leaders, or when it has none who can be written to, the nearest ones above it
    # (any leader above may re-split: their scope contains the unit). A leader's quota is re-split from
    # above, like /assign sets it: his co-leaders are not offered what the policy refuses them.
    leaders = [loaded.members[m.key] for group in Overseers(tree).of(member.key, peers=False) for m in group]
    offers = []
    for leader in leaders:
        key = offer_key(record.id, leave_id, leader.id)
        target = Target.private(key, record.id, KIND, leader.id, now)
        nid = await claim_in(conn, target, now)
        if nid is None:
            continue
        assert leader.member.telegram_user_id is not None
        names = [loaded.name(a) for a in takers]
        offers.append(
            ResplitOffer(
                nid, target, leader.member.telegram_user_id, leader.member.language, leave_id, rev,
                member.member.name, leave, workdays, handed, names,
            )
        )  # fmt: skip
    return offers


class ResplitService:
    def __init__(self, db: Database, clock: Clock, progress: ProgressService) -> None:
        self.db = db
        self.clock = clock
        self.progress = progress

    async def take(
        self, actor: Actor, record: CampaignRecord, leave_id: int, asked: str, message: MessageKey
    ) -> ResplitDone:
        """The offer pressed: hand the member's remaining quota over, once, if nothing changed since."""
        actor.require_leader()
        loaded = await self.progress.load(record)
        row = await LeaveRepo(self.db.reader).get(leave_id)
        if row is None or row.campaign_id != record.id or row.member_id not in loaded.by_id:
            raise DomainError("callback.outdated")
        member = loaded.by_id[row.member_id]
        policy.require(actor.facts, Action.RESPLIT_LEAVE, loaded.tree, Assignee.member(member.key))
        # The button is the offer: whoever else presses it (a forged callback, a forwarded message) was not
        # asked — even a leader whose scope contains the unit uses /assign or /split instead.
        offered = actor.member_id is not None and await OutboxRepo(self.db.reader).exists(
            offer_key(record.id, leave_id, actor.member_id)
        )
        if not offered:
            raise NotAllowed("resplit.not_yours")
        now = self.clock()
        async with self.db.transaction() as conn:
            leaves = LeaveRepo(conn)
            row = await leaves.get(leave_id)
            assert row is not None
            if row.resplit:
                raise DomainError("resplit.done", name=member.member.name)
            quotas = await QuotaRepo(conn).for_campaign(record.id)
            days, away = row.leave.dates_within(*campaign_days(record.campaign)), loaded.book.away
            takers = others(loaded.tree, member.key, away, days)
            if row.cancelled or row.ended or revision(quotas, [Assignee.member(member.key), *takers]) != asked:
                raise DomainError("resplit.outdated", name=member.member.name)
            result = resplit(loaded.tree, quotas, member.key, _done(loaded, member.key), away, days)
            for (assignee, task), n in result.quotas.items():
                await QuotaRepo(conn).set(record.id, assignee, task, n)
            await leaves.mark_resplit(leave_id, now, message)
            await audit_action(
                conn,
                "leave_resplit",
                now,
                actor,
                record.id,
                leave=leave_id,
                member=member.id,
                quotas={f"{a.key}:{t}": n for (a, t), n in result.quotas.items()},
            )
        return ResplitDone(member.member.name, result, {a: loaded.name(a) for a in result.gains})
