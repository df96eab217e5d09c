"""核查 (issue 11 §4): a reconciliation file's rows, checked against the campaign and the actor's scope,
compared with what was reported up to the as-of date, stored (numbers only), and the leaders of the units
with a discrepancy told — their outbox rows claimed in the same transaction, keyed by reconciliation and
leader, so each hears of it exactly once (the same pattern as a /verify decision, bot/services/verifying.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.model import Assignee, AssigneeKind
from bot.domain.overseers import Overseers
from bot.domain.policy import OPERATOR, ActorFacts
from bot.domain.reconcile import CheckFile, Days, Issue, Line, SourceRow, check_rows, compare, discrepancies
from bot.render.sheets.checks import CheckRow
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.notifications import Target, claim_in
from bot.services.progress import LoadedBook, ProgressService
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.org import MemberRepo
from bot.storage.reconciliations import Reconciliation, ReconciliationRepo

KIND = "reconcile"
INTENT_MINUTES = 30  # /reconcile, then the file within this long


@dataclass(frozen=True, slots=True)
class ReconcileNotice:
    """One unit leader's message about one reconciliation, its outbox row already claimed."""

    notification_id: int
    target: Target
    chat_id: int
    language: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A reconciliation stored (or found stored: a redelivered upload), or the file's problems."""

    problems: list[Issue] = field(default_factory=list)
    stored: Reconciliation | None = None
    lines: list[Line] = field(default_factory=list)
    discrepancies: list[Line] = field(default_factory=list)
    names: Mapping[Assignee, str] = field(default_factory=dict)
    notices: list[ReconcileNotice] = field(default_factory=list)
    uploader: str | None = None  # who uploaded it (None: the operator)


def _row_number(issue: Issue) -> int:
    """The row a problem is on (`核查!C4` → 4), so the reader's and the resolver's problems read in file
    order; the file's own problems (no row) first."""
    digits = re.search(r"(\d+)$", issue.location)
    return int(digits.group(1)) if digits else 0


def local_days(record: CampaignRecord, now: datetime) -> Days:
    zone = ZoneInfo(record.campaign.timezone)
    c = record.campaign
    return Days(c.start.astimezone(zone).date(), c.end.astimezone(zone).date(), now.astimezone(zone).date())


class ReconcileService:
    def __init__(self, db: Database, clock: Clock, progress: ProgressService) -> None:
        self.db = db
        self.clock = clock
        self.progress = progress

    async def begin(self, actor: Actor, record: CampaignRecord) -> None:
        """/reconcile: the next file this leader sends within INTENT_MINUTES is a 核查 file."""
        actor.require_leader()
        async with self.db.transaction() as conn:
            await ReconciliationRepo(conn).intend(
                actor.user_id, record.id, self.clock() + timedelta(minutes=INTENT_MINUTES)
            )

    async def intended(self, actor: Actor) -> int | None:
        """The campaign id of the actor's open /reconcile, or None."""
        return await ReconciliationRepo(self.db.reader).intent(actor.user_id, self.clock())

    async def forget(self, actor: Actor) -> None:
        async with self.db.transaction() as conn:
            await ReconciliationRepo(conn).drop_intent(actor.user_id)

    async def lapsed(self, actor: Actor) -> bool:
        """A file came after the actor's /reconcile expired: True once (the intent is dropped), so the
        sender is told to send /reconcile again rather than that a plan needs /plan first."""
        async with self.db.transaction() as conn:
            repo = ReconciliationRepo(conn)
            if not await repo.lapsed_intent(actor.user_id, self.clock()):
                return False
            await repo.drop_intent(actor.user_id)
            return True

    async def upload_for(self, actor: Actor, update_key: str) -> int | None:
        """The campaign an uploaded file is a 核查 file of: the actor's open /reconcile, or the
        reconciliation this very upload stored already (delivered again after a restart); None: not one."""
        repo = ReconciliationRepo(self.db.reader)
        stored = await repo.by_update(update_key)
        return stored.campaign_id if stored is not None else await repo.intent(actor.user_id, self.clock())

    async def reconcile(
        self,
        actor: Actor | None,
        record: CampaignRecord,
        rows: Sequence[SourceRow],
        update_key: str | None = None,
        read_problems: Sequence[Issue] = (),
    ) -> Outcome:
        """Check `rows` (every problem at once, with those the reader found, `read_problems`: nothing is
        stored then), compare and store them, and claim a notice for each unit leader concerned. `actor`
        None: the operator (command line; no one is told: there is no bot to tell them with). A
        redelivered upload (`update_key` stored already) returns the stored reconciliation, claims nothing."""
        facts: ActorFacts = actor.facts if actor is not None else OPERATOR
        if actor is not None:
            actor.require_leader()
        loaded = await self.progress.load(record)
        now = self.clock()
        checked, problems = None, list(read_problems)
        if rows or not problems:  # a file that could not be read at all has no rows to check
            checked, found = check_rows(rows, record.campaign, loaded.tree, facts, local_days(record, now))
            problems += found
        if checked is None or problems:
            return Outcome(problems=sorted(problems, key=_row_number))
        uploader = actor.member.member.name if actor is not None and actor.member is not None else None
        async with self.db.transaction() as conn:
            repo = ReconciliationRepo(conn)
            earlier = await repo.by_update(update_key) if update_key else None
            if earlier is not None:
                return self._outcome(record, loaded, earlier, await repo.lines(earlier.id), [], uploader)
            lines = await self._compare(conn, record, loaded, checked)
            member_id = actor.member_id if actor is not None else None
            rid = await repo.add(record.id, checked.source, checked.as_of, member_id, now, update_key, lines)
            stored = Reconciliation(rid, record.id, checked.source, checked.as_of, member_id, now)
            worst = discrepancies(lines, record.campaign)
            await audit_action(
                conn, "reconcile", now, actor, record.id, reconciliation=rid, rows=len(lines), discrepancies=len(worst)
            )
            notices = await self._claim(conn, record, loaded, stored, worst, member_id) if actor is not None else []
            if actor is not None:
                await repo.drop_intent(actor.user_id)
        return self._outcome(record, loaded, stored, lines, notices, uploader)

    def _outcome(
        self,
        record: CampaignRecord,
        loaded: LoadedBook,
        stored: Reconciliation,
        lines: list[Line],
        notices: list[ReconcileNotice],
        uploader: str | None,
    ) -> Outcome:
        names = {ln.assignee: loaded.name(ln.assignee) for ln in lines}
        worst = discrepancies(lines, record.campaign)
        return Outcome([], stored, lines, worst, names, notices, uploader)

    async def _compare(
        self, conn: aiosqlite.Connection, record: CampaignRecord, loaded: LoadedBook, checked: CheckFile
    ) -> list[Line]:
        zone = ZoneInfo(record.campaign.timezone)
        day_end = datetime.combine(checked.as_of + timedelta(days=1), time(0), zone)
        totals = await ReconciliationRepo(conn).totals_until(record.id, checked.as_of, day_end)
        keys = {r.id: r.key for r in loaded.members.values()}
        homes = {m.key: m.unit_code for m in loaded.tree.members()}
        # Members dropped from the roster keep their reports: they count in their last unit, if still in the plan.
        for r in await MemberRepo(conn).removed_from_campaign(record.id):
            if loaded.tree.has_unit(r.member.unit_code):
                keys[r.id], homes[r.key] = r.key, r.member.unit_code
        reported = {(keys[m], task): n for (m, task), n in totals.reported.items() if m in keys}
        verified = {(keys[m], task): n for (m, task), n in totals.verified.items() if m in keys}
        return compare(checked.rows, loaded.tree, homes, reported, verified)

    @staticmethod
    async def _claim(
        conn: aiosqlite.Connection,
        record: CampaignRecord,
        loaded: LoadedBook,
        stored: Reconciliation,
        worst: list[Line],
        uploader_id: int | None,
    ) -> list[ReconcileNotice]:
        """One notice per leader of a unit with a discrepancy — the unit's own, or when it has none who
        can be written to, the nearest above it (bot/domain/overseers.py) — the uploader knows already."""
        tree, by_leader, overseers = loaded.tree, dict[str, list[Line]](), Overseers(loaded.tree)
        for line in worst:
            a = line.assignee
            unit = a.key if a.kind is AssigneeKind.UNIT else tree.member(a.key).unit_code
            for group in overseers.of_unit(unit):
                for m in group:
                    by_leader.setdefault(m.key, []).append(line)
        notices = []
        for key, lines in by_leader.items():
            leader = loaded.members.get(key)
            if leader is None or leader.id == uploader_id or leader.member.telegram_user_id is None:
                continue
            notice_key = f"{record.id}:{KIND}:r{stored.id}:m{leader.id}"
            target = Target.private(notice_key, record.id, KIND, leader.id, stored.created_at)
            nid = await claim_in(conn, target, stored.created_at)
            if nid is not None:
                chat = leader.member.telegram_user_id
                notices.append(ReconcileNotice(nid, target, chat, leader.member.language, tuple(lines)))
        return notices

    async def checked_in(self, record: CampaignRecord, loaded: LoadedBook, unit_code: str) -> list[CheckRow]:
        """The latest checked counts of the unit's subtree (/progress shows them to its leaders)."""
        return await check_rows_in(self.db.reader, record, loaded, loaded.tree.subtree_unit_codes(unit_code))

    async def latest(self, record: CampaignRecord) -> list[tuple[Reconciliation, Line]]:
        """Per (unit or member, task), the row of the latest reconciliation that checked it."""
        return await ReconciliationRepo(self.db.reader).latest_rows(record.id)


async def check_rows_in(
    conn: aiosqlite.Connection, record: CampaignRecord, loaded: LoadedBook, codes: Sequence[str]
) -> list[CheckRow]:
    """The export's 核查 rows: the latest checked count of every unit or member (of the units `codes`)."""
    inside = set(codes)
    rows = []
    for stored, line in await ReconciliationRepo(conn).latest_rows(record.id):
        a, tree = line.assignee, loaded.tree
        home = (
            a.key if a.kind is AssigneeKind.UNIT else tree.member(a.key).unit_code if tree.has_member(a.key) else None
        )
        if home not in inside:
            continue
        task = record.campaign.task_name(line.task)
        rows.append(CheckRow(loaded.name(a), task, line.reported, line.verified, line.checked, stored.source,
                             stored.as_of))  # fmt: skip
    return rows
