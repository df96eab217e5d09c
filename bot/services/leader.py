"""Leader use cases: scope, quotas (/assign, /split), verification (/verify).

Whether an actor may act is never decided here but asked of the policy (bot/domain/policy.py):
a leader's power reaches exactly the subtree of the unit they lead; admins reach every unit.
Every action lands in the audit log inside the same transaction as the change it records.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.domain import policy
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.model import Assignee, Campaign, Member, ReportSource, ReportStatus, VerificationMode
from bot.domain.policy import Action
from bot.domain.quotas import check_assign, effective_quota
from bot.domain.splitting import check_assign_rules, split_even, split_weighted
from bot.domain.tree import OrgTree
from bot.services import naming
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.progress import LoadedBook, ProgressService
from bot.services.verifying import DecisionRound, PendingPage, claim_notices, page_of
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord, QuotaRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo


@dataclass(frozen=True, slots=True)
class Scope:
    """The unit whose subtree the acting leader may see and change."""

    unit_code: str
    loaded: LoadedBook


@dataclass(frozen=True, slots=True)
class SplitResult:
    shares: dict[Assignee, tuple[int, int]]  # assignee → (added by this split, new total)
    names: dict[Assignee, str]
    by_head_count: bool  # `weights` was asked but the roster has no usable weights


@contextmanager
def _task_names(campaign: Campaign) -> Iterator[None]:
    """The domain speaks in task keys; people read names."""
    try:
        yield
    except DomainError as refusal:
        if isinstance(refusal.params.get("task"), str):
            refusal.params["task"] = campaign.task_name(refusal.params["task"])
        raise


class LeaderService:
    def __init__(self, db: Database, clock: Clock, progress: ProgressService) -> None:
        self.db = db
        self.clock = clock
        self.progress = progress

    async def scope(
        self,
        actor: Actor,
        record: CampaignRecord,
        action: Action,
        unit_code: str | None = None,
    ) -> Scope:
        """The unit `action` applies to (the one asked for, or the actor's own), once the policy allowed it."""
        home = await self._home(actor, record)
        # What the leader typed: a code or a name, among the units they may see (SPEC §3.1).
        target = home.unit_code if not unit_code else naming.unit_code(home.loaded.tree, _reach(actor, home), unit_code)
        refusal = policy.decide(actor.facts, action, home.loaded.tree, Assignee.unit(target))
        if refusal is not None:  # named as the leader wrote it: "元木村", not its code "ym"
            error = refusal.error()
            if "code" in error.params:
                error.params["code"] = unit_code or home.loaded.name(Assignee.unit(target))
            raise error
        return Scope(target, home.loaded)

    async def nameable(self, actor: Actor, record: CampaignRecord) -> tuple[Scope, str | None]:
        """The actor's home scope, and the unit whose subtree they may name (None: all, for an admin)."""
        home = await self._home(actor, record)
        return home, _reach(actor, home)

    async def _home(self, actor: Actor, record: CampaignRecord) -> Scope:
        """The campaign as loaded, with the unit the actor leads in it (an admin: its first root)."""
        actor.require_leader()
        loaded = await self.progress.load(record)
        return Scope(self._own_unit(actor, loaded.tree), loaded)

    @staticmethod
    def _own_unit(actor: Actor, tree: OrgTree) -> str:
        led = [code for code in sorted(actor.leads) if tree.has_unit(code)]
        if led:
            return led[0]
        roots = tree.roots()
        if actor.is_admin and roots:
            return roots[0].code
        raise NotAllowed("error.not_leader")

    def resolve(self, actor: Actor, scope: Scope, code: str, member_id: int | None = None) -> Assignee:
        """The unit or member (code or name, SPEC §3.1; or the namesake picked by roster id) the actor
        may set a quota for. Two namesakes: Ambiguous, with their roster ids for the buttons."""
        tree = scope.loaded.tree
        if member_id is not None:
            assignee = self._picked(scope, member_id)
        else:
            with naming.member_ids(scope.loaded.members):
                assignee = naming.assignee(tree, _reach(actor, scope), code)
        refusal = policy.decide(actor.facts, Action.ASSIGN, tree, assignee)
        if refusal is not None:
            raise NotAllowed(refusal.key, code=code or scope.loaded.name(assignee))  # as the leader typed it
        return assignee

    @staticmethod
    def _picked(scope: Scope, member_id: int) -> Assignee:
        """A namesake picked by button: still on this campaign's roster, or the button is outdated."""
        picked = scope.loaded.by_id.get(member_id)
        if picked is None or not scope.loaded.tree.has_member(picked.key):
            raise DomainError("callback.outdated")
        return Assignee.member(picked.key)

    async def assign(
        self, actor: Actor, record: CampaignRecord, code: str, task: str, n: int, *, member_id: int | None = None
    ) -> tuple[Assignee, str]:
        """Set one quota (to `code` as typed, or to the namesake picked: `member_id`); returns the
        assignee and its display name."""
        scope = await self._home(actor, record)  # the policy is asked about the assignee, below
        task = naming.task(record.campaign, task).key
        assignee = self.resolve(actor, scope, code, member_id)
        tree, campaign = scope.loaded.tree, record.campaign
        async with self.db.transaction() as conn:
            quotas = await QuotaRepo(conn).for_campaign(record.id)
            with _task_names(campaign):
                check_assign(tree, quotas, assignee, task, n)
                check_assign_rules(tree, quotas, assignee, task, n, campaign.rules, campaign.milestones)
            await QuotaRepo(conn).set(record.id, assignee, task, n)
            await AuditRepo(conn).record(
                "quota_assign",
                self.clock(),
                member_id=actor.member_id,
                user_id=actor.user_id,
                campaign_id=record.id,
                assignee=assignee.key,
                task=task,
                quota=n,
            )
        return assignee, scope.loaded.name(assignee)

    async def split(self, actor: Actor, record: CampaignRecord, task: str, mode: str) -> SplitResult:
        scope = await self.scope(actor, record, Action.SPLIT)
        task = naming.task(record.campaign, task).key
        tree, campaign = scope.loaded.tree, record.campaign
        # Every roster weight defaults to 1.0, so "no weight column" and "all equal" look alike:
        # either way a unit then weighs its head count, and the leader should know.
        by_head_count = mode == "weights" and len({m.weight for m in _members(tree, scope.unit_code)}) <= 1
        async with self.db.transaction() as conn:
            quotas = await QuotaRepo(conn).for_campaign(record.id)
            with _task_names(campaign):
                if mode == "even":
                    shares = split_even(tree, quotas, scope.unit_code, task, campaign.rules, campaign.milestones)
                elif mode == "weights":
                    weights = {a: _weight(tree, a) for a in tree.children(scope.unit_code)}
                    shares = split_weighted(
                        tree, quotas, scope.unit_code, task, weights, campaign.rules, campaign.milestones
                    )
                else:
                    raise DomainError("leader.split_usage", example=f"/split {task} even")
            for assignee, n in shares.items():
                await QuotaRepo(conn).set(record.id, assignee, task, n)
            await AuditRepo(conn).record(
                "quota_split",
                self.clock(),
                member_id=actor.member_id,
                user_id=actor.user_id,
                campaign_id=record.id,
                unit=scope.unit_code,
                task=task,
                mode=mode,
                shares={a.key: n for a, n in shares.items()},
            )
        added = {a: (n - effective_quota(tree, quotas, a, task), n) for a, n in shares.items()}
        return SplitResult(added, {a: scope.loaded.name(a) for a in shares}, by_head_count)

    async def reviewable(
        self, actor: Actor, record: CampaignRecord, unit: str | None = None
    ) -> tuple[Scope, list[int]]:
        """The scope a review applies to (`unit`: that unit's subtree, by code or name; else the actor's
        own) and the ids of the members in it whose reports the actor may review."""
        scope = await self.scope(actor, record, Action.VERIFY, unit)
        _require_verification(record)
        tree, members = scope.loaded.tree, scope.loaded.members
        keys = [k for k in tree.subtree_member_keys(scope.unit_code) if k in members]
        allowed = [k for k in keys if policy.decide(actor.facts, Action.VERIFY, tree, Assignee.member(k)) is None]
        return scope, [members[k].id for k in allowed]  # never the leader's own reports: a leader above reviews them

    async def pending(
        self, actor: Actor, record: CampaignRecord, limit: int = 10, unit: str | None = None
    ) -> PendingPage:
        """The reports awaiting the actor's review: the first `limit` of them, and how many there are in
        all. `unit`: only that unit's subtree (its code or its name)."""
        scope, ids = await self.reviewable(actor, record, unit)
        counts = await ReportRepo(self.db.reader).pending_counts(record.id)
        rows = await ReportRepo(self.db.reader).pending(record.id, ids, limit)
        return page_of(scope.loaded, scope.unit_code, sum(counts.get(i, 0) for i in ids), rows)

    async def decide(self, actor: Actor, record: CampaignRecord, report_ids: list[int], approve: bool) -> int:
        return (await self.decide_round(actor, record, report_ids, approve)).changed

    async def decide_round(
        self, actor: Actor, record: CampaignRecord, report_ids: list[int], approve: bool, update_id: int | None = None
    ) -> DecisionRound:
        """Approve or reject the listed reports. With `update_id` (the decision's Telegram update), each
        cadre whose reports this round decided gets one notification, claimed in the same transaction."""
        scope = await self.scope(actor, record, Action.VERIFY)
        _require_verification(record)  # buttons shown before the plan switched verification off
        tree = scope.loaded.tree
        allowed = {  # reporters the actor may verify: asked of the policy, member by member
            m.id
            for m in scope.loaded.members.values()
            if policy.decide(actor.facts, Action.VERIFY, tree, Assignee.member(m.key)) is None
        }
        status = ReportStatus.VERIFIED if approve else ReportStatus.REJECTED
        async with self.db.transaction() as conn:
            repo = ReportRepo(conn)
            rows = [r for r in [await repo.get(i) for i in report_ids] if r is not None]
            # Only what the list shows is decided: a correction follows its entry, and rejecting one
            # on its own would bring back the count it took away.
            if any(r.source is ReportSource.CORRECTION for r in rows):
                raise DomainError("callback.outdated")
            if any(r.member_id not in allowed or r.campaign_id != record.id for r in rows):
                raise NotAllowed("error.out_of_scope", code=scope.unit_code)
            decided = [r for r in rows if r.status is ReportStatus.REPORTED]  # what this round changes
            changed = await repo.set_status([r.id for r in rows], status, actor.member_id, self.clock())
            notices = []
            if update_id is not None:
                notices = await claim_notices(
                    conn, record, decided, scope.loaded.by_id, approved=approve, update_id=update_id, now=self.clock()
                )
            await AuditRepo(conn).record(
                "report_verify" if approve else "report_reject",
                self.clock(),
                member_id=actor.member_id,
                user_id=actor.user_id,
                campaign_id=record.id,
                reports=[r.id for r in rows],
                changed=changed,
            )
        return DecisionRound(changed, notices)


def _reach(actor: Actor, scope: Scope) -> str | None:
    """Whose units and members a leader may name: their own subtree; an admin, everyone's."""
    return None if actor.is_admin else scope.unit_code


def _require_verification(record: CampaignRecord) -> None:
    """With verification off nothing is reviewed: an approval would only block the cadre's /undo."""
    if record.campaign.verification is VerificationMode.OFF:
        raise DomainError("verify.off")


def _members(tree: OrgTree, unit_code: str) -> list[Member]:
    return [tree.member(k) for k in tree.subtree_member_keys(unit_code)]


def _weight(tree: OrgTree, assignee: Assignee) -> float:
    """A member's roster weight; a unit weighs the sum of its members' weights (at least 1)."""
    if assignee.kind.value == "member":
        return tree.member(assignee.key).weight
    keys = tree.subtree_member_keys(assignee.key)
    return sum(tree.member(k).weight for k in keys) or 1.0
