"""End-to-end harness (fixtures in tests/conftest.py): the real PTB Application, polling over
HTTP, against the local emulator, with a real SQLite file and a clock the test moves."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl

from bot.chat.app import BackgroundPoll, CampaignApp, build_app
from bot.domain.model import Assignee
from bot.emulator import BotApiEmulator, SentMessage
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.settings import Settings

SH = ZoneInfo("Asia/Shanghai")
ADMIN_ID = 9000


@dataclass
class Harness:
    emu: BotApiEmulator
    app: CampaignApp
    clock: ManualClock
    settings: Settings
    users: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def services(self) -> Services:
        assert self.app.bot_data.services is not None
        return self.app.bot_data.services

    async def say(
        self, user: dict[str, Any], text: str, chat: dict[str, Any] | None = None, expect: int = 1
    ) -> list[SentMessage]:
        """Send as `user` and return the bot's next `expect` messages to that chat."""
        chat_id = (chat or user)["id"]
        before = len(self.emu.sent(chat_id))
        if text.startswith("/"):
            self.emu.send_command(user, text, chat)
        else:
            self.emu.send_text(user, text, chat)
        if expect == 0:
            await self.emu.settle()
            assert self.emu.sent(chat_id)[before:] == []
            return []
        return await self.emu.wait_for_sent(chat_id, count=expect, after=before)

    async def press(self, user: dict[str, Any], message: SentMessage, data: str) -> list[SentMessage]:
        """Press an inline button; returns once the bot edited that message or sent something new
        to the chat (the new messages are returned)."""
        edits, before = message.edits, len(self.emu.sent(message.chat_id))
        self.emu.press_button(user, message, data)
        for _ in range(200):
            if message.edits > edits or len(self.emu.sent(message.chat_id)) > before:
                await self.emu.settle(quiet=0.1)
                return self.emu.sent(message.chat_id)[before:]
            await asyncio.sleep(0.05)
        raise TimeoutError(f"the bot did not react to button {data!r}")

    async def press_stale(self, user: dict[str, Any], message: SentMessage, data: str) -> None:
        """Press `data` as if the message's keyboard carried it — a keyboard left from an earlier state
        (before a plan change, a loss of scope): the bot lets through only presses of buttons the message
        carries, so this is how the checks beneath that gate are reached."""
        stored = self.emu.world.messages[(message.chat_id, message.message_id)]
        markup = stored.setdefault("reply_markup", {"inline_keyboard": []})
        markup["inline_keyboard"].append([{"text": "·", "callback_data": data}])
        self.emu.press_button(user, message, data)
        await self.emu.settle(quiet=0.1)

    async def join(self, name: str, user_id: int, language: str = "zh") -> dict[str, Any]:
        """A roster member redeems their join code through /start, like a person would."""
        user = self.emu.user(user_id, name, language)
        campaign = await self.campaign_id()
        invites = await self.services.invites.invites(campaign, None, "campaign_test_bot")
        code = next(i.code for i in invites if i.member.member.name == name)
        [reply] = await self.say(user, f"/start {code}")
        assert name in reply.body, reply.body
        self.users[name] = user
        return user

    async def bound_group(self, leader: dict[str, Any], chat_id: int, title: str) -> dict[str, Any]:
        """A group the leader adds the bot to and binds with /bindgroup, as a person would."""
        group = self.emu.group(chat_id, title)
        self.emu.add_bot_to_group(leader, group)
        await self.say(leader, "/bindgroup", chat=group)
        return group

    async def campaign_id(self) -> int:
        async with self.services.db.reader.execute("SELECT id FROM campaigns ORDER BY id LIMIT 1") as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])


_RUNNING: dict[int, BackgroundPoll] = {}


async def start_app(emu: BotApiEmulator, settings: Settings, clock: ManualClock) -> CampaignApp:
    """The production polling lifecycle (bot.chat.app.poll with the ReliablePoller), in the background."""
    polling = BackgroundPoll(build_app(settings, clock=clock, token=emu.token, with_scheduler=False))
    app = await polling.start()
    _RUNNING[id(app)] = polling
    return app


async def stop_app(app: CampaignApp) -> None:
    await _RUNNING.pop(id(app)).stop()


async def total(h: Harness, name: str, task: str) -> int:
    """What the ledger counts for a member and a task, read through the services as any view reads it."""
    record = await h.services.directory.campaigns_for(await h.services.directory.actor(h.users[name]["id"]))
    loaded = await h.services.progress.load(record[0])
    return next((ts.done for ts in loaded.book.standing(Assignee.member(name)).tasks if ts.task == task), 0)


async def template_workbook(h: Harness, leader: dict[str, Any]) -> openpyxl.Workbook:
    """The plan template `leader` gets from /template in chat, opened as the leader's Excel opens it."""
    before = len(h.emu.sent(leader["id"]))
    h.emu.send_command(leader, "/template")
    [template] = await h.emu.wait_for_sent(leader["id"], lambda s: s.document is not None, after=before)
    assert template.document is not None
    return openpyxl.load_workbook(io.BytesIO(template.document))


async def upload_workbook(h: Harness, leader: dict[str, Any], book: openpyxl.Workbook) -> SentMessage:
    """`leader` sends /plan and then `book` as plan.xlsx, as from Excel: the preview the bot answers with."""
    edited = io.BytesIO()
    book.save(edited)
    await h.say(leader, "/plan")
    before = len(h.emu.sent(leader["id"]))
    h.emu.send_document(leader, "plan.xlsx", edited.getvalue())
    [preview] = await h.emu.wait_for_sent(leader["id"], after=before)
    return preview


async def plan_tables(h: Harness) -> dict[str, list[tuple[object, ...]]]:
    """Everything a plan import writes, row by row."""
    tables = ("campaigns", "campaign_tasks", "milestones", "rules", "units", "members", "quotas")
    out = {}
    for table in tables:
        async with h.services.db.reader.execute(f"SELECT * FROM {table} ORDER BY rowid") as cur:
            out[table] = [tuple(r) for r in await cur.fetchall()]
    return out
