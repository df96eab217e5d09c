"""/undo (SPEC §3.2, §4): what the sender sent last is reverted by correction entries, only while
unreviewed, or an open "are you sure?" is withdrawn instead. Keyed by the /undo message itself.

"撤回" is "take back what I sent": a member's own reports, and the entries a leader typed for others with
/report_for — whichever came last (bot/storage/undos.py SENT_BY). Never an entry someone else typed for
you: you did not send it and cannot know it is the one you remove, and the leader's entry is an act the
audit keeps (bot/services/proxy.py). A leader taking back such an entry asks the policy, with the member it
counts for, as typing it did; the corrections count for that member and name the leader, like the entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.domain import policy
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.model import Assignee, ReportSource, ReportStatus
from bot.domain.origin import Origin
from bot.domain.parser import ParsedItem
from bot.domain.policy import Action, ActorFacts
from bot.domain.tree import OrgTree
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord
from bot.storage.confirmations import ConfirmationRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo, ReportRow
from bot.storage.org import MemberRecord, MemberRepo, UnitRepo
from bot.storage.undos import UndoRepo


@dataclass(frozen=True, slots=True)
class Undone:
    campaign: CampaignRecord  # whose task names the reply shows
    rows: list[ReportRow]  # the entries reverted
    again: bool  # this /undo message was handled before: nothing more was reverted
    withdrawn: tuple[ParsedItem, ...] = ()  # an open "are you sure?" withdrawn instead (nothing was recorded)
    member_name: str = ""  # whose counts went down: the sender's, or the member they typed the entries for
    for_other: bool = False  # the entries were typed for someone else (/report_for): the reply names them
    # Whom to tell privately that entries typed for them were taken back (as they were told when they were
    # entered): their Telegram id and language, when they joined and this /undo reverted something.
    notify: tuple[int, str] | None = None


async def undo(
    db: Database,
    clock: Clock,
    record: CampaignRecord,
    member: MemberRecord,
    chat_id: int,
    message_id: int,
    actor: Actor | None = None,
) -> Undone:
    """Delivered again, the same /undo says what it reverted and reverts nothing more. `actor`: the sender
    as the policy sees them — their leadership decides whether an entry typed for someone may go (None:
    the member, leading nothing)."""
    facts = actor.facts if actor is not None else ActorFacts(member_key=member.key)
    async with db.transaction() as conn:
        undos = UndoRepo(conn)
        if not await undos.claim_undo(chat_id, message_id, member.id, clock()):
            rows = await undos.undone_by(chat_id, message_id)
            whose = await _whose(conn, member, rows)
            return Undone(record, rows, again=True, member_name=whose.member.name, for_other=whose.id != member.id)
        last = await undos.last_undoable(record.id, member.id)
        # The member's latest act may be a message the bot is still asking about ("are you sure?"):
        # that is what /undo takes back, never an earlier report that was acknowledged.
        since = max((r.created_at for r in last), default=None)
        question = await ConfirmationRepo(conn).withdraw_newest(record.id, member.id, since)
        if question is not None:
            return Undone(record, [], again=False, withdrawn=question.items, member_name=member.member.name)
        if not last:
            # Raising rolls the claim back: asking again is answered again.
            if (leader := await undos.entered_for(record.id, member.id)) is not None:
                raise DomainError("undo.entered_by_other", name=leader)  # theirs to take back, not yours
            raise DomainError("undo.nothing")
        if any(r.status is not ReportStatus.REPORTED for r in last):
            raise DomainError("undo.already_verified")
        whose = await _whose(conn, member, last)
        if whose.id != member.id:
            await _may_take_back(conn, record, facts, whose)
        fix = Origin(ReportSource.CORRECTION, chat_id, message_id)
        typed = last[0].entered_by is not None  # one message's entries were all typed, or none
        repo, now = ReportRepo(conn), clock()
        entered = member.id if typed else None
        ids = [
            await repo.append(record.id, whose.id, row.task, -row.delta, fix, now, corrects=row, entered_by=entered)
            for row in last
        ]
        if typed:  # the take-back of an audited act is audited too
            await AuditRepo(conn).record(
                "undo_for",
                now,
                member_id=member.id,
                user_id=actor.user_id if actor is not None else None,
                campaign_id=record.id,
                reporter=whose.id,
                reports=[i for i in ids if i is not None],
                counts={row.task: -row.delta for row in last},
            )
    tell = whose.member.telegram_user_id
    notify = (tell, whose.member.language) if whose.id != member.id and tell is not None else None
    return Undone(
        record, last, again=False, member_name=whose.member.name, for_other=whose.id != member.id, notify=notify
    )


async def _whose(conn: aiosqlite.Connection, sender: MemberRecord, rows: list[ReportRow]) -> MemberRecord:
    """The member the entries count for (one message's entries are one member's): the sender, or whom
    they typed them for."""
    if not rows or rows[0].member_id == sender.id:
        return sender
    found = await MemberRepo(conn).get(rows[0].member_id)
    assert found is not None, "the ledger's member_id is a foreign key"
    return found


async def _may_take_back(
    conn: aiosqlite.Connection, record: CampaignRecord, facts: ActorFacts, whose: MemberRecord
) -> None:
    """The policy on the campaign's organisation as this transaction reads it (a few hundred rows, read
    only on this rare path), so a move or removal committed before the lock is seen."""
    members = await MemberRepo(conn).for_campaign(record.id)
    tree = OrgTree.build(await UnitRepo(conn).for_campaign(record.id), [m.member for m in members])
    refusal = policy.decide(facts, Action.UNDO_FOR, tree, Assignee.member(whose.key))
    if refusal is not None:  # named as people know them, whatever the tree still holds of them
        raise NotAllowed(refusal.key, **{**refusal.params, "name": whose.member.name})
