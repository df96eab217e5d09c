"""The graduated warnings of a checkpoint (issue 11 §5): who is told, each under its own outbox key.

Run by the checkpoint event (scheduler/fanout.py) right after the evaluation and the steps it causes
were stored; quiet hours apply as to the checkpoint event itself (it is deferred to their end).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.model import Member
from bot.services.progress import LoadedBook
from bot.services.records import CampaignRecord
from bot.services.warnings import WarningNotice
from bot.views import warnings as warning_views
from scheduler.outbox import Target, event_target
from scheduler.planner import Event

if TYPE_CHECKING:
    from scheduler.crew import Recipients


async def send_warnings(fan: Recipients, record: CampaignRecord, event: Event, loaded: LoadedBook, late: bool) -> None:
    """The graduated warnings of a checkpoint (issue 11 §5): each member's own card and each leader's
    list, every one under its own outbox key. They are read back from the steps stored with the
    evaluation, so a re-run after a crash sends what is still unsent and nothing twice."""
    assert event.milestone is not None
    milestone, campaign = event.milestone, record.campaign
    for notice in await fan.s.warnings.notices(record, loaded, milestone):
        m, recipient = notice.recipient.member, f"m{notice.recipient.id}"
        kind = "warning" if notice.own is not None else "warnings"
        target = event_target(event, record.id, kind, recipient, late=late, member_id=notice.recipient.id)

        async def send(m: Member = m, notice: WarningNotice = notice, target: Target = target) -> None:
            assert m.telegram_user_id is not None
            if notice.own is not None:
                text = warning_views.own(m.language, campaign, milestone, notice.own.level, notice.own.missed)
            else:
                steps = [(w.member.member, w.level, w.missed) for w in notice.listed]
                text = warning_views.leader_list(m.language, campaign, milestone, loaded.tree, steps)
            await fan.outbox.deliver(target, fan.sender(m.telegram_user_id, text))

        await fan.isolated(target, send)
