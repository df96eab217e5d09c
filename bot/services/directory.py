"""Who is talking, what they may do, and which campaign their words refer to (SPEC §1, §3.1): the
sender of a report, their campaign, and the checks their counts pass before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError, InvalidInput, NotAllowed
from bot.domain.model import Campaign, Role, TaskType
from bot.domain.parser import ABSURD_LIMIT, ParsedItem, example_report
from bot.domain.policy import ActorFacts
from bot.services.clock import Clock
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from bot.storage.db import Database
from bot.storage.org import MemberRecord, MemberRepo, UnitRepo
from bot.storage.prefs import PrefsRepo
from bot.texts import LANGUAGES, normalize_language
from bot.views.dates import moment

Resolved = tuple[tuple[TaskType, int], ...]  # each item of a report with its task

# A campaign stays selectable for a while after its deadline so leaders can still read and export it.
AFTER_END_GRACE = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    member: MemberRecord | None
    is_admin: bool
    language: str
    admin_units: tuple[str, ...] = field(default=())
    # Units this person leads: their own unit, while they are a leader on some campaign's roster.
    leads: frozenset[str] = field(default=frozenset())

    @property
    def is_member(self) -> bool:
        return self.member is not None

    @property
    def member_id(self) -> int | None:
        """The roster id for audit rows; None for an admin without a roster entry."""
        return self.member.id if self.member is not None else None

    @property
    def is_leader(self) -> bool:
        return self.facts.is_leader

    @property
    def facts(self) -> ActorFacts:
        """What the authority policy is told about this person."""
        key = self.member.key if self.member is not None else None
        return ActorFacts(is_admin=self.is_admin, leads=self.leads, member_key=key)

    @property
    def role(self) -> str:
        if self.is_admin:
            return "admin"
        return self.member.member.role.value if self.member else "guest"

    def require_member(self) -> MemberRecord:
        if self.member is None:
            raise NotAllowed("error.not_member")
        return self.member

    def require_leader(self) -> None:
        if not self.is_leader:
            raise NotAllowed("error.not_leader")


class Directory:
    def __init__(self, db: Database, clock: Clock, admin_ids: tuple[int, ...], default_language: str) -> None:
        self.db = db
        self.clock = clock
        self.admin_ids = frozenset(admin_ids)
        self.default_language = default_language

    async def actor(self, user_id: int, language_code: str | None = None) -> Actor:
        member = await MemberRepo(self.db.reader).by_user(user_id)
        lang = member.member.language if member else normalize_language(language_code, self.default_language)
        leads: frozenset[str] = frozenset()
        is_leader = member is not None and member.member.role is Role.LEADER
        if member is not None and is_leader and await MemberRepo(self.db.reader).active_anywhere(member.id):
            leads = frozenset({member.member.unit_code})
        return Actor(user_id, member, user_id in self.admin_ids, lang, leads=leads)

    async def campaigns_for(self, actor: Actor) -> list[CampaignRecord]:
        """Campaigns that are running (or recently ended) and that the actor takes part in."""
        if not actor.is_admin and actor.member is None:
            return []
        # An admin sees every campaign; anyone else those whose roster lists them (same statement).
        member_id = None if actor.is_admin or actor.member is None else actor.member.id
        return selectable(await CampaignRepo(self.db.reader).all(member_id=member_id), self.clock())

    async def all_campaigns(self) -> list[CampaignRecord]:
        """Every campaign, cancelled and ended ones too: what the scheduler and the operator see."""
        return await CampaignRepo(self.db.reader).all()

    async def campaign(self, key: str) -> CampaignRecord | None:
        return await CampaignRepo(self.db.reader).get(key)

    async def current_campaign(self, actor: Actor) -> CampaignRecord:
        """The campaign commands refer to: the only one, or the one picked with /campaign."""
        options = await self.campaigns_for(actor)
        if len(options) > 1 and actor.member is not None:
            return pick_campaign(actor, options, await PrefsRepo(self.db.reader).chosen_campaign(actor.member.id))
        return pick_campaign(actor, options, None)

    async def examples(self, actor: Actor) -> tuple[tuple[TaskType, ...], str | None]:
        """What every how-to line shows, from the campaign the actor is in (SPEC §3.1): its tasks, and
        a unit name below the one they lead (for `/assign 七岭村 植树 40`). No campaign: no tasks."""
        try:
            record = await self.current_campaign(actor)
        except DomainError:  # none, or several and none chosen yet: the first one still speaks their words
            options = await self.campaigns_for(actor)
            if not options:
                return (), None
            record = options[0]
        units = await UnitRepo(self.db.reader).for_campaign(record.id)
        led = [u for u in units if u.code in actor.leads]
        below = [u for u in units if led and u.parent_code == led[0].code] or led
        if actor.is_admin and not below:
            below = [u for u in units if u.parent_code is not None]
        return record.campaign.tasks, below[0].name if below else None

    async def choose_campaign(self, actor: Actor, key: str) -> CampaignRecord:
        member = actor.require_member()
        for record in await self.campaigns_for(actor):
            if record.key == key:
                async with self.db.transaction() as conn:
                    await PrefsRepo(conn).choose_campaign(member.id, record.id)
                return record
        raise DomainError("campaign.unknown", key=key)

    async def set_language(self, actor: Actor, language: str) -> str:
        member = actor.require_member()
        if language not in LANGUAGES:
            raise DomainError("lang.unknown", choices=LANGUAGES)  # the handler names them; this is the backstop
        async with self.db.transaction() as conn:
            await MemberRepo(conn).set_language(member.id, language)
            await AuditRepo(conn).record("member_language", self.clock(), member_id=member.id, language=language)
        return language


def selectable(campaigns: Sequence[CampaignRecord], now: datetime) -> list[CampaignRecord]:
    """The campaigns of a list that are running (or recently ended) at `now`."""
    return [
        c
        for c in campaigns
        if not c.campaign.cancelled and c.campaign.start - timedelta(days=30) <= now <= c.campaign.end + AFTER_END_GRACE
    ]


def pick_campaign(actor: Actor, options: Sequence[CampaignRecord], chosen: int | None) -> CampaignRecord:
    """The campaign an actor's words refer to among the selectable `options`: the only one, or the one
    they picked with /campaign (`chosen`)."""
    if not options:
        raise DomainError("campaign.none")
    if len(options) == 1:
        return options[0]
    for record in options:
        if record.id == chosen:
            return record
    if actor.is_admin and actor.member is None:
        return options[-1]
    raise DomainError("campaign.choose_first", count=len(options))


async def check(
    db: Database, now: datetime, record: CampaignRecord, member: MemberRecord, items: Sequence[ParsedItem]
) -> Resolved:
    """The checks every count passes, typed, pressed or confirmed."""
    campaign = record.campaign
    if campaign.cancelled:
        raise DomainError("report.campaign_cancelled", campaign=campaign.name)
    if now < campaign.start:
        raise DomainError("report.not_started", campaign=campaign.name, start=moment(campaign, campaign.start))
    if now > campaign.end:
        raise DomainError("report.ended", campaign=campaign.name, end=moment(campaign, campaign.end))
    # One roster check per report: the campaign's own read already made it when it was looked
    # up for this member (Directory.current_campaign); a question's campaign was not.
    if record.on_roster != member.id and not await MemberRepo(db.reader).is_active(record.id, member.id):
        raise DomainError("report.not_in_campaign", campaign=campaign.name)
    resolved = []
    for item in items:
        task = campaign.task(item.task)
        if task is None:
            raise InvalidInput("report.unknown_task", task=item.task)
        if item.count <= 0:
            raise InvalidInput("parser.not_positive", count=item.count)
        if item.count > ABSURD_LIMIT:
            example = example_report(campaign.tasks)
            raise InvalidInput(
                "parser.absurd", task=task.name, word=str(item.count), limit=ABSURD_LIMIT, example=example
            )
        resolved.append((task, item.count))
    return tuple(resolved)


def work_day(campaign: Campaign, now: datetime, offset: int) -> date | None:
    """The local day a report names (昨天: offset -1), or None for today's work. Never before the
    campaign's first day: work done before it started is not the campaign's."""
    if offset == 0:
        return None
    zone = ZoneInfo(campaign.timezone)
    day = now.astimezone(zone).date() + timedelta(days=offset)
    start = campaign.start.astimezone(zone).date()
    if day < start:
        raise DomainError("report.before_start", campaign=campaign.name, day=day.isoformat(), start=start.isoformat())
    return day


def too_large(resolved: Resolved) -> tuple[TaskType, int] | None:
    return next(((t, n) for t, n in resolved if n > t.max_per_report), None)
