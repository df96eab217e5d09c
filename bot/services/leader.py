"""Leader use cases: quotas (/assign, /split) and verification (/verify), each within the scope the
policy allows (bot/services/leader_scope.py).

Every action lands in the audit log inside the same transaction as the change it records.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.domain import policy
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.model import Assignee, Campaign, Member, ReportSource, ReportStatus
from bot.domain.policy import Action
from bot.domain.quotas import check_assign, effective_quota
from bot.domain.splitting import check_assign_rules, split_even, split_weighted
from bot.domain.tree import OrgTree
from bot.services import naming
from bot.services.audit_trail import audit_action
from bot.services.day_sums import backlog_counts
from bot.services.directory import Actor
from bot.services.leader_scope import LeaderScope, require_verification
from bot.services.verifying import DecisionRound, PendingPage, claim_notices, page_of
from bot.storage.campaigns import CampaignRecord, QuotaRepo
from bot.storage.ledger import ReportRepo


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


class LeaderService(LeaderScope):
    """A leader's writes; the scope part (scope, nameable, resolve, reviewable) is inherited, which is
    all the other services ask of it."""

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
            await audit_action(
                conn, "quota_assign", self.clock(), actor, record.id, assignee=assignee.key, task=task, quota=n
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
            await audit_action(
                conn,
                "quota_split",
                self.clock(),
                actor,
                record.id,
                unit=scope.unit_code,
                task=task,
                mode=mode,
                shares={a.key: n for a, n in shares.items()},
            )
        added = {a: (n - effective_quota(tree, quotas, a, task), n) for a, n in shares.items()}
        return SplitResult(added, {a: scope.loaded.name(a) for a in shares}, by_head_count)

    async def pending(
        self, actor: Actor, record: CampaignRecord, limit: int = 10, unit: str | None = None
    ) -> PendingPage:
        """The reports awaiting the actor's review: the first `limit` of them, and how many there are in
        all. `unit`: only that unit's subtree (its code or its name)."""
        scope, ids = await self.reviewable(actor, record, unit)
        counts = await backlog_counts(self.db, record)
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
        require_verification(record)  # buttons shown before the plan switched verification off
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
            await audit_action(
                conn,
                "report_verify" if approve else "report_reject",
                self.clock(),
                actor,
                record.id,
                reports=[r.id for r in rows],
                changed=changed,
            )
        return DecisionRound(changed, notices)


def _members(tree: OrgTree, unit_code: str) -> list[Member]:
    return [tree.member(k) for k in tree.subtree_member_keys(unit_code)]


def _weight(tree: OrgTree, assignee: Assignee) -> float:
    """A member's roster weight; a unit weighs the sum of its members' weights (at least 1)."""
    if assignee.kind.value == "member":
        return tree.member(assignee.key).weight
    keys = tree.subtree_member_keys(assignee.key)
    return sum(tree.member(k).weight for k in keys) or 1.0
