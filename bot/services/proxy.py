"""Reporting on behalf of a cadre without a phone (/report_for 张三 走访5, SPEC §3.1).

The entry is the cadre's own — it counts for them, their unit and every view — and the leader who typed
it is kept beside it (`entered_by`), shown in the export's ledger and in the audit log. The policy decides
who may (only someone on a roster, who can be named: an admin without a roster entry is refused); the
counts pass the same checks as the cadre's own report (bot/services/recording.py). Like every write it
is keyed by the update that caused it: the command message, or the choice message whose button was
pressed, so a redelivery or a second press records nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import policy
from bot.domain.errors import DomainError
from bot.domain.model import Assignee, ReportSource
from bot.domain.origin import MessageKey
from bot.domain.parser import ParsedItem
from bot.domain.policy import Action
from bot.services import naming
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.leader import LeaderService
from bot.services.progress import ProgressService
from bot.services.recording import Recorded, check, still_running, too_large
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRecord, MemberRepo


@dataclass(frozen=True, slots=True)
class ProxyRecorded:
    """A report entered for a member: what the leader is told, and whom to tell privately."""

    recorded: Recorded
    leader_name: str
    notify_user_id: int | None  # the cadre's Telegram id, when they joined and the entry is new


class ProxyService:
    def __init__(self, db: Database, clock: Clock, leader: LeaderService, progress: ProgressService) -> None:
        self.db = db
        self.clock = clock
        self.leader = leader
        self.progress = progress

    async def report_for(
        self,
        actor: Actor,
        record: CampaignRecord,
        items: Sequence[tuple[str, int]],
        message: MessageKey,
        *,
        who: str = "",
        member_id: int | None = None,
    ) -> ProxyRecorded:
        """Record `items` (task key, count) for the member named `who` (or picked by roster id) as entered
        by the actor. Two namesakes: Ambiguous (bot/domain/lookup.py), with their roster ids."""
        if actor.is_leader and (unnamed := policy.nameless(actor.facts, Action.REPORT_FOR)) is not None:
            raise unnamed.error()  # before any name is looked up: nobody could be named as who typed it
        home, reach = await self.leader.nameable(actor, record)
        loaded, tree = home.loaded, home.loaded.tree
        if member_id is not None:
            picked = loaded.by_id.get(member_id)
            if picked is None or not tree.has_member(picked.key):
                raise DomainError("callback.outdated")
            member: MemberRecord = picked
        else:
            with naming.member_ids(loaded.members):
                key = naming.member(tree, reach, who).key
            member = loaded.members[key]
        policy.require(actor.facts, Action.REPORT_FOR, tree, Assignee.member(member.key))
        resolved = await check(self.db, self.clock(), record, member, [ParsedItem(t, n) for t, n in items])
        if (large := too_large(resolved)) is not None:  # no "are you sure?" on someone else's behalf
            task, count = large
            raise DomainError("proxy.too_large", task=task.name, count=count, limit=task.max_per_report)
        now = self.clock()
        source = ReportSource.TEXT if member_id is None else ReportSource.BUTTON
        async with self.db.transaction() as conn:
            await still_running(conn, record)
            # The roster as read before the lock named the member; a removal committed since must stop it.
            if not await MemberRepo(conn).is_active(record.id, member.id):
                raise DomainError("proxy.not_on_roster", name=member.member.name, campaign=record.campaign.name)
            repo = ReportRepo(conn)
            origin = message.origin(source)
            entered = actor.member_id
            ids = [
                await repo.append(record.id, member.id, t.key, n, origin, now, entered_by=entered) for t, n in resolved
            ]
            new = any(i is not None for i in ids)
            if new:
                await audit_action(
                    conn,
                    "report_for",
                    now,
                    actor,
                    record.id,
                    reporter=member.id,
                    reports=[i for i in ids if i is not None],
                    counts={t.key: n for t, n in resolved},
                )
            standing = await self.progress.member_reads(conn, record, member)
        done = Recorded(record, member, resolved, duplicate=not new, standing=standing)
        leader_name = actor.member.member.name if actor.member is not None else ""
        notify = member.member.telegram_user_id if new and member.member.telegram_user_id != actor.user_id else None
        return ProxyRecorded(done, leader_name, notify)
