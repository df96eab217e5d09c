"""Who gets what when an event runs: reminders, digests, missed lists and bulletins (SPEC §5).

Every recipient of a fan-out is isolated: whatever goes wrong for one (a chart that cannot be drawn,
a text that cannot be composed, an unexpected error) is recorded `failed` on that recipient's key and
the fan-out goes on; the leaders' next digest lists it (issue 8 D).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Bot
from telegram.constants import ParseMode

from bot.chat.delivery import BulletinPost
from bot.domain.model import Assignee, Member, Role
from bot.services.container import Services
from bot.services.progress import LoadedBook
from bot.storage.campaigns import CampaignRecord
from bot.storage.groups import GroupRepo
from bot.storage.org import MemberRecord
from bot.storage.outbox import OutboxRepo
from bot.storage.prefs import PrefsRepo
from scheduler import notices
from scheduler.outbox import Outbox, Target
from scheduler.planner import Event


class FanOut:
    def __init__(self, services: Services, bot: Bot, outbox: Outbox) -> None:
        self.s = services
        self.bot = bot
        self.outbox = outbox

    async def isolated(self, target: Target, work: Callable[[], Awaitable[object]]) -> None:
        """One recipient of a fan-out: a failure is recorded on its own key and the fan-out goes on."""
        try:
            await work()
        except Exception as error:
            await self.outbox.fail(target, error)

    async def reminders(self, record: CampaignRecord, event: Event, late: bool, missed: bool) -> None:
        assert event.milestone is not None
        milestone, loaded = event.milestone, await self.s.progress.load(record)
        for member in loaded.members.values():
            m = member.member
            if m.role is not Role.CADRE or m.telegram_user_id is None:
                continue
            target = Target(
                event.key(record.id, f"m{member.id}"),
                record.id,
                "reminder",
                event.percent,
                f"m{member.id}",
                event.at,
                late,
                member.id,
            )

            async def remind(m: Member = m, target: Target = target, chat_id: int = m.telegram_user_id) -> None:
                standing = loaded.book.standing(Assignee.member(m.key), milestone)
                if not standing.raw_quota or standing.milestone_met:
                    return  # on target: nothing to say
                if missed:
                    await self.outbox.record(target, "missed", "fell due while the bot was down; milestone closed")
                    return
                text = notices.reminder(m.language, record.campaign, milestone, m.name, standing, late)
                await self.outbox.deliver(target, self.sender(chat_id, text))

            await self.isolated(target, remind)
        if not missed:  # for a closed milestone the checkpoint's missed list replaces the digest
            await self.digests(record, event, loaded, late)

    async def digests(self, record: CampaignRecord, event: Event, loaded: LoadedBook, late: bool) -> None:
        assert event.milestone is not None
        milestone = event.milestone
        unreachable_ids = await PrefsRepo(self.s.db.reader).unreachable_ids()
        names = {f"m{r.id}": r.member.name for r in loaded.by_id.values()}
        groups = {
            g.chat_id: g.unit_code for g in await GroupRepo(self.s.db.reader).all() if loaded.tree.has_unit(g.unit_code)
        }
        for leader in self.leaders(loaded):
            target = Target(
                event.key(record.id, f"m{leader.id}", kind="digest"),
                record.id,
                "digest",
                event.percent,
                f"m{leader.id}",
                event.at,
                late,
                leader.id,
            )

            async def digest(leader: MemberRecord = leader, target: Target = target) -> None:
                unit = leader.member.unit_code
                in_scope = set(loaded.tree.subtree_member_keys(unit))
                units = set(loaded.tree.subtree_unit_codes(unit))
                scope_groups = {
                    f"g{chat}": loaded.tree.unit(code).name for chat, code in groups.items() if code in units
                }
                scope_ids = (
                    {f"m{loaded.members[k].id}" for k in in_scope if k in loaded.members} | set(scope_groups) | {"all"}
                )
                problems = [
                    p
                    for p in await OutboxRepo(self.s.db.reader).unreported_problems(record.id, leader.id)
                    if p.recipient in scope_ids
                ]
                unreachable = [
                    loaded.members[k].member.name
                    for k in in_scope
                    if k in loaded.members
                    and (loaded.members[k].id in unreachable_ids or loaded.members[k].member.telegram_user_id is None)
                ]
                text = notices.digest(
                    leader.member.language,
                    record.campaign,
                    milestone,
                    loaded,
                    unit,
                    loaded.book.laggards(unit, milestone),
                    unreachable,
                    problems,
                    notices.Recipients(names, scope_groups),
                    late,
                )
                assert leader.member.telegram_user_id is not None
                if await self.outbox.deliver(target, self.sender(leader.member.telegram_user_id, text)) == "sent":
                    async with self.s.db.transaction() as conn:
                        await OutboxRepo(conn).mark_reported([p.id for p in problems], leader.id)

            await self.isolated(target, digest)

    @staticmethod
    def leaders(loaded: LoadedBook) -> list[MemberRecord]:
        """Leaders who can be written to, of units still in the tree."""
        return [
            r
            for r in loaded.members.values()
            if r.member.role is Role.LEADER
            and r.member.telegram_user_id is not None
            and loaded.tree.has_unit(r.member.unit_code)
        ]

    async def checkpoint(self, record: CampaignRecord, event: Event, late: bool) -> None:
        assert event.milestone is not None
        milestone = event.milestone
        await self.bulletins(record, event, late, checkpoint=True)
        loaded = await self.s.progress.load(record)
        for leader in self.leaders(loaded):
            target = Target(
                event.key(record.id, f"m{leader.id}", kind="missed"),
                record.id,
                "missed",
                event.percent,
                f"m{leader.id}",
                event.at,
                late,
                leader.id,
            )

            async def missed(leader: MemberRecord = leader, target: Target = target) -> None:
                unit, lang = leader.member.unit_code, leader.member.language
                behind = [s for s in loaded.book.laggards(unit, milestone) if s.assignee.kind.value == "member"]
                text = notices.missed(lang, record.campaign, milestone, loaded, unit, behind)
                assert leader.member.telegram_user_id is not None
                await self.outbox.deliver(target, self.sender(leader.member.telegram_user_id, text))

            await self.isolated(target, missed)

    async def bulletins(self, record: CampaignRecord, event: Event, late: bool, checkpoint: bool = False) -> None:
        loaded = await self.s.progress.load(record)
        lang = self.s.settings.default_language
        kind = "checkpoint" if checkpoint else "daily"
        for group in await GroupRepo(self.s.db.reader).all():
            if not loaded.tree.has_unit(group.unit_code):
                continue
            target = Target(
                event.key(record.id, f"g{group.chat_id}", kind=kind),
                record.id,
                kind,
                event.percent,
                f"g{group.chat_id}",
                event.at,
                late,
            )

            async def bulletin(
                unit_code: str = group.unit_code, chat_id: int = group.chat_id, target: Target = target
            ) -> None:
                if await OutboxRepo(self.s.db.reader).exists(target.key):
                    return  # composing (the chart) is the costly part: not for a bulletin already posted
                composed = await self.s.bulletins.compose(
                    record, unit_code, lang, event.milestone if checkpoint else None
                )
                post = BulletinPost(chat_id, composed)  # one per delivery: a retry resumes it

                async def send() -> int:
                    used, messages = await post.send(self.bot)
                    if used != chat_id:  # migrated to a supergroup while we were away
                        async with self.s.db.transaction() as conn:
                            await GroupRepo(conn).migrate(chat_id, used)
                    return messages[-1].message_id

                if await self.outbox.deliver(target, send) == "sent":
                    await self.s.bulletins.remember(record, composed)

            await self.isolated(target, bulletin)

    def sender(self, chat_id: int, parts: list[str]):  # type: ignore[no-untyped-def]
        """One notification may be several messages (scheduler/notices.py). The outbox retries
        `send` after a 429 or a network error: it resumes after the parts already delivered, so a
        retry never repeats one."""
        pending, last = list(parts), 0

        async def send() -> int:
            nonlocal last
            while pending:
                last = (await self.bot.send_message(chat_id, pending[0], parse_mode=ParseMode.HTML)).message_id
                pending.pop(0)
            return last

        return send
