"""Graduated, private-first warnings (issue 11 §5; the rule is bot/domain/warnings.py).

The steps are recorded by `record_steps`, inside the transaction that stores the checkpoint's own
evaluation (CheckpointService.record): a re-run of the checkpoint after a crash finds them stored and
records nothing twice. The scheduler then asks `notices` for whom to tell — read back from the stored
steps, not from that transaction's result, so a crash between the record and the sends loses no
notice — and sends each under its own outbox key (at most once, like every notification).

Who is told: YELLOW — the member and their unit's other leaders; RED and PUBLIC — the leaders of the
unit above as well. PUBLIC names the member in the checkpoint's group bulletin (their unit's group and
every group above it) only when the campaign names cadres there (`name_cadres_in_bulletin`); otherwise
the step is recorded and the leaders see it, but nobody is named in a group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from bot.domain.checkpoint import TaskResult
from bot.domain.leave import Away, checkpoint_day, expected_on
from bot.domain.model import AssigneeKind, Milestone
from bot.domain.overseers import Overseers
from bot.domain.progress import ProgressBook
from bot.domain.warnings import WarningLevel, histories, level, missed_in_a_row, step
from bot.services.clock import Clock
from bot.services.progress import LoadedBook
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from bot.storage.checkpoints import CheckpointRepo, StoredCheckpoint
from bot.storage.db import Database
from bot.storage.org import MemberRecord
from bot.storage.warnings import StoredWarning, WarningRepo

__all__ = ["StoredWarning", "WarningLevel", "WarningNotice", "WarningService", "levels_in", "record_steps"]


def _counted(
    judged: Mapping[int, StoredCheckpoint],
    zone: str,
    away: Away,
    since: datetime | None,
    until: datetime | None = None,
) -> dict[str, list[bool]]:
    """Per member, met or missed at each judged checkpoint: the one place that decides which members
    and checkpoints count. A checkpoint whose day a member was on leave is left out for them: like one
    without a quota, it neither counts nor resets (no card for it, and no red after their return); so
    is every checkpoint due before the ladder took effect (`since`, CampaignRecord.warnings_since)."""
    return histories({p: (c.due_at, _present(c, zone, away)) for p, c in judged.items()}, until, since)


def _present(checkpoint: StoredCheckpoint, zone: str, away: Away) -> list[TaskResult]:
    """The results that count: a member's only when they were expected on the checkpoint's day (the
    evaluation stores none for a member on leave then; a leave set afterwards still leaves it out)."""
    day = checkpoint_day(checkpoint.due_at, zone)
    return [
        r
        for r in checkpoint.results
        if r.assignee.kind is not AssigneeKind.MEMBER or expected_on(away, r.assignee.key, day)
    ]


async def record_steps(
    conn: aiosqlite.Connection, book: ProgressBook, campaign_id: int, milestone: Milestone, at: datetime
) -> int:
    """In the checkpoint's own transaction, after its evaluation is stored: the step each member took
    at `milestone` (`book`: the campaign and its members' leave). Returns how many were recorded (0 when
    they were recorded before)."""
    ladder = book.campaign.warnings
    judged = await CheckpointRepo(conn).results(campaign_id)
    if ladder is None or milestone.percent not in judged:
        return 0
    zone = book.campaign.timezone
    judged_members = {r.assignee.key for r in _present(judged[milestone.percent], zone, book.away)}
    # Read in this transaction: the book holds the Campaign, not when its ladder took effect.
    stored = await CampaignRepo(conn).get_by_id(campaign_id)
    since = stored.warnings_since if stored is not None else None
    repo, recorded = WarningRepo(conn), 0
    for key, history in _counted(judged, zone, book.away, since, until=milestone.due).items():
        taken = step(ladder, history)
        if key in judged_members and taken is not WarningLevel.NONE:
            recorded += await repo.add(campaign_id, key, milestone.percent, taken, missed_in_a_row(history), at)
    return recorded


@dataclass(frozen=True, slots=True)
class Warned:
    """One member's step, as a notice names it."""

    member: MemberRecord
    level: WarningLevel
    missed: int


async def levels_in(conn: aiosqlite.Connection, record: CampaignRecord, away: Away) -> dict[str, WarningLevel]:
    """Each member's current level above NONE (WarningService.levels; the digests read it too)."""
    ladder = record.campaign.warnings
    if ladder is None:
        return {}
    judged = await CheckpointRepo(conn).results(record.id)
    counted = _counted(judged, record.campaign.timezone, away, record.warnings_since)
    found = {key: level(ladder, history) for key, history in counted.items()}
    return {key: lvl for key, lvl in found.items() if lvl is not WarningLevel.NONE}


@dataclass(frozen=True, slots=True)
class WarningNotice:
    """One private message: a member's own card (`own`), or a leader's list of steps in their reach."""

    recipient: MemberRecord
    own: Warned | None = None
    listed: list[Warned] = field(default_factory=list)


class WarningService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def steps(self, record: CampaignRecord, percent: int | None = None) -> list[StoredWarning]:
        """The recorded steps of the campaign (or of one checkpoint)."""
        return await WarningRepo(self.db.reader).for_campaign(record.id, percent)

    async def notices(self, record: CampaignRecord, loaded: LoadedBook, milestone: Milestone) -> list[WarningNotice]:
        """Whom to tell of the steps taken at `milestone`: each member who can be written to, and
        each leader over them (the nearest up the chain, their unit's when it has one; for red and public
        also the next ones above: bot/domain/overseers.py)."""
        if record.campaign.warnings is None:
            return []
        own: list[WarningNotice] = []
        lists: dict[int, list[Warned]] = {}
        overseers = Overseers(loaded.tree)
        for stored in await self.steps(record, milestone.percent):
            member = loaded.members.get(stored.member_key)
            if member is None or not loaded.tree.has_unit(member.member.unit_code):
                continue  # left the roster (or their unit the plan) since
            warned = Warned(member, stored.level, stored.missed)
            if member.member.telegram_user_id is not None:
                own.append(WarningNotice(member, own=warned))
            # Yellow: the nearest leader up the chain (their unit's when it has one who can be written
            # to); red and public: the next one above as well. A leader's is told above him, never to
            # his co-leaders: leaders of one unit never judge each other (review, leave, quotas).
            levels = 2 if stored.level >= WarningLevel.RED else 1
            for group in overseers.of(member.key, levels=levels, peers=False):
                for leader in group:
                    lists.setdefault(loaded.members[leader.key].id, []).append(warned)
        return own + [WarningNotice(loaded.by_id[i], listed=ws) for i, ws in lists.items()]

    async def levels(self, record: CampaignRecord, away: Away) -> dict[str, WarningLevel]:
        """Each member's current level (the misses in a row at the checkpoints judged so far), for the
        marks in /laggards and the export; empty when the campaign has no warnings. `away`: the
        members' leave (LoadedBook.book.away)."""
        return await levels_in(self.db.reader, record, away)

    async def named(self, record: CampaignRecord, loaded: LoadedBook, unit_code: str, percent: int) -> list[Warned]:
        """Who a group bulletin of `unit_code` names for the checkpoint `percent`: the members of its
        subtree who reached the public step there, only when the campaign names cadres in groups."""
        campaign = record.campaign
        if campaign.warnings is None or not campaign.name_cadres_in_bulletin:
            return []
        scope = set(loaded.tree.subtree_member_keys(unit_code))
        return [
            Warned(loaded.members[s.member_key], s.level, s.missed)
            for s in await self.steps(record, percent)
            if s.level is WarningLevel.PUBLIC and s.member_key in scope and s.member_key in loaded.members
        ]
