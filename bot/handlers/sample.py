"""/sample [N [unit]] (抽查): N random pending reports of the leader's review scope, weighted toward
flagged ones, opened with /verify's buttons; the picks are recorded in the audit log, once per
update. N defaults to 10."""

from __future__ import annotations

from telegram import Update

from bot.chat.callback_verify import VERIFY_PAGE
from bot.chat.context import CampaignContext
from bot.domain.errors import DomainError
from bot.handlers.private import Answer, answers_privately
from bot.handlers.verify import sample_listing
from bot.services.directory import Actor
from bot.services.integrity import SAMPLE_MAX
from bot.texts import th

DEFAULT_COUNT = 10


def _args(args: list[str]) -> tuple[int, str | None]:
    """`/sample [N [unit]]`: how many (first, when anything is given), and the unit (None: the
    leader's whole scope). The count's range is the service's rule."""
    if not args:
        return DEFAULT_COUNT, None
    first, *rest = args
    if not (first.isascii() and first.isdigit()):
        raise DomainError("sample.bad_count", max=SAMPLE_MAX)
    return int(first), " ".join(rest) or None


@answers_privately
async def sample(update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    actor.require_leader()
    n, unit = _args(list(context.args or []))
    record = await context.services.directory.current_campaign(actor)
    picked = await context.services.integrity.sample(actor, record, n, update.update_id, VERIFY_PAGE, unit)
    if picked.picked == 0:
        await answer.html(th(actor.language, "verify.none"))
        return
    text, markup = sample_listing(actor, record.campaign, picked)
    await answer.html(text, reply_markup=markup)
