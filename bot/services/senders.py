"""A typed report's sender kept between reports (issue 8: report handling near the fair floor): who
they are, the campaigns whose roster lists them, the campaign they chose, and per campaign their unit
chain, quotas and leaves — all read at one roster version (migration v14: a counter that triggers move
with every write to any of them, in the writing transaction) and at the member's own (v15: their
language, Telegram link and chosen campaign, so one member's /lang empties no other context).

Reading these costs a report two trips to the database threads and the decoding of their rows, and
they change only when a plan is imported, the roster, a quota or a leave changes, a campaign is
cancelled or chosen. A kept context never decides who may report: every report's write asks, in its
first statement under the write lock, whether the member is still active on the campaign's roster and
linked to this Telegram user (bot/storage/org.py AUTHORIZED_SQL). The counter only guards what the
context cached (the campaign record, the standing's figures): the write reads it in that same statement
and writes nothing when it moved (bot/storage/ledger.py record_first), and the report is then decided
again on fresh reads (typed below), as it is when the sender may no longer report. Nothing else —
commands, buttons, leader actions — reads from here: they ask the directory afresh, as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import aiosqlite

from bot.domain.errors import DomainError
from bot.domain.model import Role
from bot.services.directory import Actor, Directory, pick_campaign, selectable
from bot.services.recording import NeedsConfirmation, Recorded, Reply, TextReport, not_on_roster
from bot.services.recording import Stale as Stale  # re-exported: reporting.py takes it from here
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from bot.storage.db import Database
from bot.storage.first_text import Kept
from bot.storage.org import MemberRepo
from bot.storage.prefs import PrefsRepo
from bot.texts import normalize_language

if TYPE_CHECKING:
    from typing import TypeAlias

    from bot.services.asking import Asked
    from bot.services.edits import StillCounted

    Outcome: TypeAlias = Recorded | Asked | Reply | StillCounted | NeedsConfirmation | None

# Senders kept at most: each is a few hundred bytes beside the campaign records every sender shares.
CAPACITY = 10_000


@dataclass(frozen=True, slots=True)
class Sender:
    """Everything a typed report is answered by, read at roster version `version` and the member's own
    `member_version` (their language, Telegram link and chosen campaign: migration v15)."""

    version: int
    actor: Actor
    campaigns: tuple[CampaignRecord, ...]  # every campaign whose roster lists them (an admin: every one)
    chosen: int | None = None  # their /campaign choice, read when they are on more than one roster
    kept: Mapping[int, Kept] = field(default_factory=dict)  # by campaign id, filled by their reports
    member_version: int = 0

    def campaign(self, now: datetime) -> CampaignRecord:
        """The campaign their words refer to at `now` (Directory.current_campaign on these reads)."""
        return pick_campaign(self.actor, selectable(self.campaigns, now), self.chosen)


@contextmanager
def refused_if_stale(record: CampaignRecord, sender: Sender | None) -> Iterator[None]:
    """A write found its sender off the roster (Stale, nothing written): typed() reads again when it
    gave a `sender`; text(), which has nothing to read again, answers the refusal fresh reads would."""
    try:
        yield
    except Stale:
        if sender is not None:
            raise
        raise not_on_roster(record) from None


# Fresh reads before giving up on the roster version: each further one needs another roster write
# committed between a read and the write that follows it.
FRESH_ATTEMPTS = 3


class Senders:
    """The kept contexts by Telegram user id, at most `capacity`, the least recently used dropped first."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[int, Sender] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, user_id: int) -> Sender | None:
        sender = self._entries.get(user_id)
        if sender is not None:
            self._entries.move_to_end(user_id)
        return sender

    def put(self, user_id: int, sender: Sender) -> None:
        self._entries[user_id] = sender
        self._entries.move_to_end(user_id)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def keep(self, user_id: int, version: int, campaign_id: int, kept: Kept, *, member_version: int = 0) -> None:
        """Add what a report's write read at `version`, only to a context read at those same versions."""
        sender = self._entries.get(user_id)
        if sender is not None and (sender.version, sender.member_version) == (version, member_version):
            self._entries[user_id] = replace(sender, kept={**sender.kept, campaign_id: kept})

    def forget(self, user_id: int) -> None:
        self._entries.pop(user_id, None)


async def read_sender(
    db: Database, user_id: int, language_code: str | None, *, admins: frozenset[int], default: str, latest: bool
) -> Sender:
    """A sender read afresh: from the shared reader, or (`latest`) from the writer between transactions,
    which sees every commit — after a write found the version moved, the reader may still sit in an
    older snapshot and would hand back the same stale version."""
    if latest:
        async with db.latest() as conn:
            return await _read(conn, user_id, language_code, admins, default)
    return await _read(db.reader, user_id, language_code, admins, default)


async def _read(
    conn: aiosqlite.Connection, user_id: int, language_code: str | None, admins: frozenset[int], default: str
) -> Sender:
    # The version first, in the member's own statement: everything read after it is at least as new,
    # so a change in between makes the kept context look older than it is (and re-read), never newer.
    version, own, member = await MemberRepo(conn).by_user_at_version(user_id)
    is_admin = user_id in admins
    if member is None:
        return Sender(version, Actor(user_id, None, is_admin, normalize_language(language_code, default)), ())
    # An admin sees every campaign (Directory.campaigns_for); anyone else those whose roster lists them.
    campaigns = await CampaignRepo(conn).all(member_id=None if is_admin else member.id)
    # Leadership needs an active roster row somewhere (Directory.actor): for anyone but an admin, exactly
    # the campaigns just read.
    on_a_roster = bool(campaigns) if not is_admin else await MemberRepo(conn).active_anywhere(member.id)
    leads = frozenset({member.member.unit_code}) if member.member.role is Role.LEADER and on_a_roster else frozenset()
    actor = Actor(user_id, member, is_admin, member.member.language, leads=leads)
    chosen = await PrefsRepo(conn).chosen_campaign(member.id) if len(campaigns) > 1 else None
    return Sender(version, actor, tuple(campaigns), chosen, member_version=own)


class Deciding(Protocol):
    """What typed() asks of the report service (bot/services/reporting.py), which calls typed(): named
    here as a protocol, so the service depends on this module and never the other way round."""

    db: Database

    async def decide(
        self, actor: Actor, report: TextReport, sender: Sender | None, *, cached: bool = ...
    ) -> Outcome: ...

    async def text(self, actor: Actor, report: TextReport) -> Outcome: ...


async def typed(
    reports: Deciding,
    directory: Directory,
    senders: Senders,
    user_id: int,
    language_code: str | None,
    report: TextReport,
) -> tuple[Actor, Outcome]:
    """ReportService.text() for a sender named by their Telegram id, with the actor it was decided for
    (whose language the answer speaks); NeedsConfirmation is returned, not raised. A plain report —
    private, a first text, not forwarded — is tried first on the sender's kept context, with no read
    before its write; that write refuses when the roster version moved (nothing written), and whatever
    else the try meets (another kind of text, a refusal, a question) is decided again on fresh reads,
    exactly as text() decides it."""
    kept = senders.get(user_id)
    plain = report.private and report.key.revision == 0 and not report.edited and not report.forwarded
    if kept is not None and plain:
        try:
            outcome = await reports.decide(kept.actor, report, kept, cached=True)
        except (Stale, DomainError):
            outcome = None  # nothing was written: a kept context reaches no write but the checked one
        if isinstance(outcome, Recorded):
            return kept.actor, outcome
    for attempt in range(FRESH_ATTEMPTS):
        sender = await read_sender(
            reports.db,
            user_id,
            language_code,
            admins=directory.admin_ids,
            default=directory.default_language,
            latest=attempt > 0,
        )
        if sender.actor.member is not None:
            senders.put(user_id, sender)
        else:
            senders.forget(user_id)
        try:
            return sender.actor, await reports.decide(sender.actor, report, sender)
        except NeedsConfirmation as ask:
            return sender.actor, ask
        except Stale:
            continue  # the roster moved between these reads and the write: read again
    # The roster moved under every try (never seen): decided as before contexts were kept, on reads
    # whose write still asks who may report (a sender gone from the roster is refused, never counted).
    actor = await directory.actor(user_id, language_code)
    try:
        return actor, await reports.text(actor, report)
    except NeedsConfirmation as ask:
        return actor, ask
