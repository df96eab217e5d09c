"""Who is notified, and what a leader's digest lists (SPEC §5). The scheduler asks; it decides when.

Reminders go to cadres who joined; digests and missed lists to leaders of units still in the tree;
bulletins to the bound groups of units in the campaign's tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.domain import policy
from bot.domain.checkpoint import missed_units, violations_in
from bot.domain.model import Assignee, AssigneeKind, Milestone, Role, VerificationMode
from bot.domain.policy import Action, ActorFacts
from bot.domain.reach import QuotaReach, UnitShare
from bot.domain.standing import RuleViolation, Standing
from bot.domain.warnings import WarningLevel
from bot.services.day_sums import keep_day_sums
from bot.services.integrity import flagged_pending_per_member
from bot.services.kept_backlog import KeptBacklogs
from bot.services.notifications import Notification
from bot.services.progress import LoadedBook
from bot.services.warnings import levels_in
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.groups import BoundGroup, GroupRepo
from bot.storage.org import MemberRecord
from bot.storage.outbox import OutboxRepo
from bot.storage.prefs import PrefsRepo


@dataclass(frozen=True, slots=True)
class DigestBasis:
    """What every digest of one event is drawn from, read once for the event."""

    names: dict[str, str]  # recipient id "m<member id>" → name
    unreachable_ids: set[int]
    groups: dict[int, str]  # bound chat id → unit code, units of this campaign only
    pending: dict[int, int] = field(default_factory=dict)  # member id → reports awaiting review
    overdue: dict[int, int] = field(default_factory=dict)  # … of them waiting longer than the campaign allows
    flagged: dict[int, int] = field(default_factory=dict)  # … of them with an anomaly flag (issue 11 §4)
    warned: dict[str, WarningLevel] = field(default_factory=dict)  # member key → level above NONE (§5)


@dataclass(frozen=True, slots=True)
class Digest:
    """One leader's digest: laggards, members the bot cannot reach, and the notifications that went
    wrong in the leader's scope since their last digest."""

    unit_code: str
    laggards: list[Standing]
    unreachable: list[str]  # names
    problems: list[Notification]
    members: dict[str, str]  # recipient id → name, to name a problem's recipient
    groups: dict[str, str]  # "g<chat id>" → unit name, the bound groups in scope
    violations: list[RuleViolation] = field(default_factory=list)  # rules of the milestone not yet met
    backlog: int = 0  # reports in scope awaiting this leader's review (verification on)
    overdue: list[tuple[str, int]] = field(default_factory=list)  # unit below → reports waiting too long
    flagged: int = 0  # of the backlog, reports with an anomaly flag
    warned: dict[str, WarningLevel] = field(default_factory=dict)  # the 🟨/🟥 marks beside names, as /laggards
    own: Standing | None = None  # the leader's own unit while short of the target: its own line, not a laggard


@dataclass(frozen=True, slots=True)
class Missed:
    """A leader's list at a checkpoint: units and members in scope that missed, and rules not met."""

    units: list[Standing]
    members: list[Standing]
    violations: list[RuleViolation]
    away: list[tuple[str, date]] = field(default_factory=list)  # would be listed, but on leave: name, last day


@dataclass(frozen=True, slots=True)
class Reminder:
    """What one cadre is reminded of: their own standing and the units' quotas that reach them."""

    personal: Standing
    shares: list[UnitShare]

    @property
    def due(self) -> bool:
        """Something to say: a personal target not met, or a unit that reaches them behind."""
        return bool(self.shares) or (bool(self.personal.raw_quota) and not self.personal.milestone_met)


def reviewable_ids(loaded: LoadedBook, leader: MemberRecord) -> list[int]:
    """The members of the leader's subtree whose reports the leader may review, asked of the policy as
    /verify asks it: never their own, nor a co-leader's (a leader above reviews those)."""
    tree, members = loaded.tree, loaded.members
    facts = ActorFacts(leads=frozenset({leader.member.unit_code}), member_key=leader.key)
    return [
        members[k].id
        for k in tree.subtree_member_keys(leader.member.unit_code)
        if k in members and policy.decide(facts, Action.VERIFY, tree, Assignee.member(k)) is None
    ]


class Audience:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.kept = KeptBacklogs()  # the digests' review backlogs, kept at the ledger's marks

    @staticmethod
    def cadres(loaded: LoadedBook) -> list[MemberRecord]:
        """Who is reminded: cadres who joined (a reminder needs a private chat) and are not on leave."""
        return [
            r
            for r in loaded.members.values()
            if r.member.role is Role.CADRE and r.member.telegram_user_id is not None and r.key not in loaded.away
        ]

    @staticmethod
    def reach(loaded: LoadedBook) -> QuotaReach:
        """Which unit's quota reaches whom, for every reminder of one event (bot/domain/reach.py)."""
        book = loaded.book
        today = book.at.astimezone(book.clock.zone).date()
        return QuotaReach(loaded.tree, loaded.quotas, loaded.record.campaign, book.away, today)  # leave: not counted

    @staticmethod
    def reminder(loaded: LoadedBook, reach: QuotaReach, member: MemberRecord, milestone: Milestone) -> Reminder:
        key = member.member.key
        personal = loaded.book.standing(Assignee.member(key), milestone)
        return Reminder(personal, reach.shares(loaded.book, key, milestone))

    @staticmethod
    def leaders(loaded: LoadedBook) -> list[MemberRecord]:
        """Leaders who can be written to, of units still in the tree."""
        return [
            r
            for r in loaded.members.values()
            if r.member.role is Role.LEADER
            and r.member.telegram_user_id is not None
            and loaded.tree.has_unit(r.member.unit_code)
        ]

    async def groups(self, loaded: LoadedBook) -> list[BoundGroup]:
        """Where bulletins go: the bound groups of units in this campaign's tree."""
        return [g for g in await GroupRepo(self.db.reader).all() if loaded.tree.has_unit(g.unit_code)]

    async def digest_basis(self, loaded: LoadedBook) -> DigestBasis:
        unreachable_ids = await PrefsRepo(self.db.reader).unreachable_ids()
        names = {f"m{r.id}": r.member.name for r in loaded.by_id.values()}
        groups = {g.chat_id: g.unit_code for g in await self.groups(loaded)}
        campaign = loaded.record.campaign
        warned = await levels_in(self.db.reader, loaded.record, loaded.book.away)
        if campaign.verification is VerificationMode.OFF:
            return DigestBasis(names, unreachable_ids, groups, warned=warned)
        await keep_day_sums(self.db, loaded.record)  # the backlog from members × days (built once)
        cutoff = loaded.book.at - timedelta(days=campaign.verification_overdue_days)
        pending, overdue = await self.kept.backlogs(self.db, loaded.record, cutoff)
        flagged = await flagged_pending_per_member(self.db, loaded)
        return DigestBasis(names, unreachable_ids, groups, pending, overdue, flagged, warned)

    async def digest(
        self, record: CampaignRecord, loaded: LoadedBook, basis: DigestBasis, leader: MemberRecord, milestone: Milestone
    ) -> Digest:
        """The leader's subtree only. Problems are read now, not with the basis: a notification of
        this very event that went wrong a moment ago belongs in this digest."""
        unit = leader.member.unit_code
        tree, members = loaded.tree, loaded.members
        in_scope = set(tree.subtree_member_keys(unit))
        units = set(tree.subtree_unit_codes(unit))
        scope_groups = {f"g{chat}": tree.unit(code).name for chat, code in basis.groups.items() if code in units}
        scope_ids = {f"m{members[k].id}" for k in in_scope if k in members} | set(scope_groups) | {"all"}
        problems = [
            p
            for p in await OutboxRepo(self.db.reader).unreported_problems(record.id, leader.id)
            if p.recipient in scope_ids
        ]
        unreachable = [
            members[k].member.name
            for k in in_scope
            if k in members and (members[k].id in basis.unreachable_ids or members[k].member.telegram_user_id is None)
        ]
        # The laggards are /laggards' (the one laggard rule): nobody ahead or on track is among them.
        laggards, _ = loaded.present(loaded.book.laggards(unit, milestone))  # on leave: not behind
        # A unit's quota reaches its people, so the leader hears what their own unit still needs too
        # (b992301), on a line of its own: it may well be ahead of pace, and then it is no laggard.
        own = loaded.book.standing(Assignee.unit(unit), milestone)
        short = own if own.raw_quota and not own.milestone_met else None
        violations = violations_in(loaded.book, unit, milestone)
        reviewed = reviewable_ids(loaded, leader)
        backlog, overdue = self._review(loaded, basis, leader, reviewed)
        flagged = sum(basis.flagged.get(i, 0) for i in reviewed)
        warned = {k: lvl for k, lvl in basis.warned.items() if k in in_scope}
        return Digest(
            unit, laggards, unreachable, problems, basis.names, scope_groups, violations, backlog, overdue, flagged,
            warned, short,
        )  # fmt: skip

    @staticmethod
    def missed(loaded: LoadedBook, leader: MemberRecord, milestone: Milestone) -> Missed:
        unit, book = leader.member.unit_code, loaded.book
        members, away = loaded.present(
            s for s in book.laggards(unit, milestone) if s.assignee.kind is AssigneeKind.MEMBER
        )
        return Missed(missed_units(book, unit, milestone), members, violations_in(book, unit, milestone), away)

    @staticmethod
    def _review(
        loaded: LoadedBook, basis: DigestBasis, leader: MemberRecord, reviewed: list[int]
    ) -> tuple[int, list[tuple[str, int]]]:
        """The leader's review backlog (the reports of `reviewed`, the members whose reports they may
        review), and per unit just below theirs, the reports there waiting longer than the campaign
        allows: that unit's leader has let them wait, so it is escalated one level up."""
        tree, members = loaded.tree, loaded.members

        def ids(code: str) -> list[int]:
            return [members[k].id for k in tree.subtree_member_keys(code) if k in members]

        backlog = sum(basis.pending.get(i, 0) for i in reviewed)
        overdue = []
        for child in tree.children(leader.member.unit_code):
            if child.kind is AssigneeKind.UNIT and (n := sum(basis.overdue.get(i, 0) for i in ids(child.key))):
                overdue.append((tree.unit(child.key).name, n))
        return backlog, overdue

    async def digest_sent(self, digest: Digest, leader_id: int) -> None:
        """The problems a delivered digest listed are not listed to that leader again."""
        async with self.db.transaction() as conn:
            await OutboxRepo(conn).mark_reported([p.id for p in digest.problems], leader_id)
