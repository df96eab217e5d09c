"""Who may write a report, asked again inside the writing transaction, under its lock (SPEC §1, §9):
what was read before the lock only chose the campaign and the member; a cancellation, a removal from
the roster or an unlinked Telegram account committed since must still stop the write
(bot/services/recording.py and the use cases that write reports)."""

from __future__ import annotations

import aiosqlite

from bot.domain.errors import DomainError
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from bot.storage.org import MemberRecord, MemberRepo


def refuse_if_cancelled(record: CampaignRecord, cancelled: bool) -> None:
    if cancelled:
        raise DomainError("report.campaign_cancelled", campaign=record.campaign.name)


async def still_running(conn: aiosqlite.Connection, record: CampaignRecord) -> None:
    """`check` judged the campaign as read before the write lock was taken; a cancellation committed
    since then must still stop the report. Asked again inside the writing transaction, under its lock."""
    refuse_if_cancelled(record, await CampaignRepo(conn).is_cancelled(record.id))


class Stale(Exception):
    """What a report was decided on is older than what is committed: the sender is no longer on the
    campaign's roster or linked to their Telegram account, or (a kept context, bot/services/senders.py)
    the roster version moved. Nothing was written; the report is decided again on fresh reads, or
    refused (not_on_roster) where there is nothing to read again."""


def not_on_roster(record: CampaignRecord) -> DomainError:
    """The refusal for a write that found its sender gone from the roster after every read said
    otherwise: what a fresh read would now answer, without another turn at the lock."""
    return DomainError("report.not_in_campaign", campaign=record.campaign.name)


async def still_authorized(
    conn: aiosqlite.Connection, record: CampaignRecord, member: MemberRecord, user_id: int
) -> None:
    """Who may report, asked again under the write lock in one statement (bot/storage/org.py
    AUTHORIZED_SQL): the campaign not cancelled (refused), the member active on its roster and still
    linked to this Telegram user (Stale). What was read before the lock only chose the campaign."""
    cancelled, authorized = await MemberRepo(conn).may_report(record.id, member.id, user_id)
    refuse_if_cancelled(record, cancelled)
    if not authorized:
        raise Stale()
