"""What the emulator and the database saw, read the way several end-to-end and scheduler tests read it
(each reader lives here once; a test with a reader of its own keeps it beside its assertions)."""

from __future__ import annotations

from bot.domain.model import Assignee
from bot.storage.campaigns import QuotaRepo
from tests.harness import Harness


def reminders(h: Harness, user_id: int) -> list[str]:
    """The Chinese reminders sent to `user_id`."""
    return [s.body for s in h.emu.sent(user_id) if "节点还有以下任务未完成" in s.body]


def reminders_zh_or_en(h: Harness, user_id: int) -> list[str]:
    """The reminders sent to `user_id`, in either language."""
    return [s.body for s in h.emu.sent(user_id) if "节点还有以下任务未完成" in s.body or "you still need" in s.body]


def digests(h: Harness, user_id: int) -> list[str]:
    """The Chinese digests sent to `user_id`."""
    return [s.body for s in h.emu.sent(user_id) if "落后名单" in s.body]


def the_digest(h: Harness, user_id: int) -> str:
    """The one digest sent to `user_id`."""
    [digest] = digests(h, user_id)
    return digest


def missed_lists(h: Harness, user_id: int) -> list[str]:
    """The Chinese missed-checkpoint lists sent to `user_id`."""
    return [s.body for s in h.emu.sent(user_id) if "未达标" in s.body]


def alerts(h: Harness) -> list[str]:
    """The text of every callback answer, in order ("" for a silent one)."""
    return [str(c.params.get("text", "")) for c in h.emu.calls if c.method == "answerCallbackQuery"]


async def stored_quotas(h: Harness) -> dict[tuple[Assignee, str], int]:
    """Every explicit quota of the harness's campaign, as stored."""
    return dict(await QuotaRepo(h.services.db.reader).for_campaign(await h.campaign_id()))


def nudges(h: Harness, user_id: int) -> list[str]:
    """The Chinese evening nudges sent to `user_id`."""
    return [s.body for s in h.emu.sent(user_id) if "今天还没有收到您的上报" in s.body]
