"""What a leader may see and change: the unit an action applies to, asked of the policy.

Whether an actor may act is never decided here but asked of the policy (bot/domain/policy.py):
a leader's power reaches exactly the subtree of the unit they lead; admins reach every unit.
Every service that acts for a leader (quotas and reviews in leader.py, sharing, laggards, leave,
proxy reports, integrity) starts from a Scope found here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import policy
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.model import Assignee, VerificationMode
from bot.domain.policy import Action
from bot.domain.tree import OrgTree
from bot.services import naming
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.progress import LoadedBook, ProgressService
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database


@dataclass(frozen=True, slots=True)
class Scope:
    """The unit whose subtree the acting leader may see and change."""

    unit_code: str
    loaded: LoadedBook


class LeaderScope:
    """The read side of a leader's authority: which unit, member or review list an actor may reach.
    LeaderService (leader.py) adds the writes."""

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
        target = home.unit_code if not unit_code else naming.unit_code(home.loaded.tree, reach(actor, home), unit_code)
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
        return home, reach(actor, home)

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
                assignee = naming.assignee(tree, reach(actor, scope), code)
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

    async def reviewable(
        self, actor: Actor, record: CampaignRecord, unit: str | None = None
    ) -> tuple[Scope, list[int]]:
        """The scope a review applies to (`unit`: that unit's subtree, by code or name; else the actor's
        own) and the ids of the members in it whose reports the actor may review."""
        scope = await self.scope(actor, record, Action.VERIFY, unit)
        require_verification(record)
        tree, members = scope.loaded.tree, scope.loaded.members
        keys = [k for k in tree.subtree_member_keys(scope.unit_code) if k in members]
        allowed = [k for k in keys if policy.decide(actor.facts, Action.VERIFY, tree, Assignee.member(k)) is None]
        return scope, [members[k].id for k in allowed]  # never the leader's own reports: a leader above reviews them


def reach(actor: Actor, scope: Scope) -> str | None:
    """Whose units and members a leader may name: their own subtree; an admin, everyone's."""
    return None if actor.is_admin else scope.unit_code


def require_verification(record: CampaignRecord) -> None:
    """With verification off nothing is reviewed: an approval would only block the cadre's /undo."""
    if record.campaign.verification is VerificationMode.OFF:
        raise DomainError("verify.off")
