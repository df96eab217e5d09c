"""BotApiEmulator: start the server on 127.0.0.1 and play users, groups and Telegram itself.

async with BotApiEmulator() as emu:
    app = ApplicationBuilder().token(emu.token).base_url(emu.base_url).base_file_url(emu.base_file_url)...
    zhang = emu.user(1001, "张三")
    emu.send_text(zhang, "走访5 体检3")
    [reply] = await emu.wait_for_sent(zhang["id"])
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.emulator.faults import Fault
from bot.emulator.server import Server
from bot.emulator.state import ANONYMOUS_ADMIN, JSON, SentMessage, World


class BotApiEmulator:
    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "campaign_test_bot",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.world = World(token, bot_username, clock)
        self.server = Server(self.world)
        self.host, self.port, self.token = host, port, token
        self._runner: web.AppRunner | None = None
        self._callback_ids = itertools.count(1)

    # lifecycle
    async def start(self) -> BotApiEmulator:
        self._runner = web.AppRunner(self.server.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])  # the real port when 0 was asked for
        return self

    async def stop(self) -> None:
        await self.server.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    # people and chats
    def user(self, user_id: int, first_name: str, language_code: str | None = "zh") -> JSON:
        return self.world.user(user_id, first_name, language_code)

    def group(self, chat_id: int, title: str, supergroup: bool = False) -> JSON:
        return self.world.group(chat_id, title, supergroup)

    def _chat(self, user: JSON, chat: JSON | None) -> JSON:
        return chat if chat is not None else self.world.chats[user["id"]]

    # what users do
    def send_text(self, user: JSON, text: str, chat: JSON | None = None, **extra: Any) -> JSON:
        message = self.world.user_message(user, self._chat(user, chat), text=text, **extra)
        self.world.push("message", message)
        return message

    def send_command(self, user: JSON, command: str, chat: JSON | None = None, **extra: Any) -> JSON:
        word = command.split()[0]
        entities = [{"type": "bot_command", "offset": 0, "length": len(word)}]
        return self.send_text(user, command, chat, entities=entities, **extra)

    def forward_text(self, user: JSON, text: str, original_sender: JSON, chat: JSON | None = None) -> JSON:
        origin = {"type": "user", "sender_user": original_sender, "date": self.world.now()}
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text[:1] == "/" else []
        return self.send_text(user, text, chat, forward_origin=origin, **({"entities": entities} if entities else {}))

    def send_as_anonymous_admin(self, group: JSON, text: str) -> JSON:
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text[:1] == "/" else []
        message = self.world.user_message(
            ANONYMOUS_ADMIN, group, text=text, sender_chat=group, **({"entities": entities} if entities else {})
        )
        self.world.push("message", message)
        return message

    def edit_text(self, user: JSON, message: JSON, new_text: str) -> JSON:
        edited = {**message, "text": new_text, "edit_date": self.world.now() + 1 + message.get("_edits", 0)}
        message["_edits"] = message.get("_edits", 0) + 1
        edited.pop("_edits", None)
        self.world.messages[(message["chat"]["id"], message["message_id"])] = edited
        self.world.push("edited_message", edited)
        return edited

    def press_button(self, user: JSON, sent: SentMessage, callback_data: str) -> JSON:
        message = self.world.messages[(sent.chat_id, sent.message_id)]
        query = {
            "id": str(next(self._callback_ids)),
            "from": user,
            "message": message,
            "chat_instance": str(sent.chat_id),
            "data": callback_data,
        }
        self.world.push("callback_query", query)
        return query

    def send_document(self, user: JSON, filename: str, data: bytes, chat: JSON | None = None) -> JSON:
        file_id = f"U{len(self.world.files) + 1:06d}"
        self.world.files[file_id] = (filename, data)
        document = {"file_id": file_id, "file_unique_id": file_id, "file_name": filename, "file_size": len(data)}
        message = self.world.user_message(user, self._chat(user, chat), document=document)
        self.world.push("message", message)
        return message

    def add_bot_to_group(self, user: JSON, group: JSON) -> JSON:
        self.world.bot_in.add(group["id"])
        change = {
            "chat": group,
            "from": user,
            "date": self.world.now(),
            "old_chat_member": {"status": "left", "user": self.world.bot_user},
            "new_chat_member": {"status": "member", "user": self.world.bot_user},
        }
        self.world.push("my_chat_member", change)
        return change

    def migrate_group(self, group: JSON, new_id: int | None = None) -> int:
        """Group → supergroup: a new id; the old one answers 400 with migrate_to_chat_id."""
        new_id = new_id or -(1_000_000_000_000 + abs(group["id"]))
        supergroup = self.world.group(new_id, group.get("title", ""), supergroup=True)
        if group["id"] in self.world.bot_in:
            self.world.bot_in.add(new_id)
        self.world.migrated[group["id"]] = new_id
        notice = {
            "message_id": self.world.next_message_id(group["id"]),
            "date": self.world.now(),
            "chat": group,
            "from": ANONYMOUS_ADMIN,
            "migrate_to_chat_id": new_id,
        }
        self.world.push("message", notice)
        del supergroup
        return new_id

    def block_bot(self, user: JSON) -> None:
        self.world.blocked.add(user["id"])

    def never_started(self, user: JSON) -> None:
        self.world.started.discard(user["id"])

    def redeliver(self, update_id: int) -> None:
        self.world.redeliver(update_id)

    # Telegram's side
    def inject_fault(
        self,
        method: str,
        kind: str,
        *,
        times: int = 1,
        retry_after: int = 5,
        chat_id: int | None = None,
        delay: float = 30.0,
    ) -> None:
        self.server.faults.add(Fault(method, kind, times, retry_after, chat_id, delay))

    def rate_limits(self, enabled: bool = True, **limits: int) -> None:
        self.server.limits.configure(enabled, **limits)

    # what the bot did
    def sent(self, chat_id: int | None = None) -> list[SentMessage]:
        return [s for s in self.world.sent if chat_id is None or s.chat_id == chat_id]

    @property
    def calls(self) -> list[Any]:
        return self.world.calls

    def pending_updates(self) -> list[JSON]:
        return list(self.world.updates)

    async def wait_for_sent(
        self,
        chat_id: int | None = None,
        predicate: Callable[[SentMessage], bool] | None = None,
        count: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109 - a test helper's deadline
        after: int = 0,
    ) -> list[SentMessage]:
        """Wait until `count` messages (index ≥ `after` in sent(chat_id)) match; return them."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = [s for s in self.sent(chat_id)[after:] if predicate is None or predicate(s)]
            if len(found) >= count:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"expected {count} message(s) to {chat_id}, got {[s.body for s in found]}")
            self.world.new_sent.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.world.new_sent.wait(), min(remaining, 0.2))

    async def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until every update was confirmed and the bot has sent nothing for `quiet` seconds.

        With a poller that confirms only after processing (bot.chat.polling) that means the bot is idle.
        Raises TimeoutError rather than returning as if settled: a caller must never read a
        half-finished conversation as the final one."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last = -1
        while loop.time() < deadline:
            count = len(self.world.sent) + sum(s.edits for s in self.world.sent)
            if not self.world.updates and count == last:
                return
            last = count
            await asyncio.sleep(quiet)
        raise TimeoutError(f"the bot did not settle within {timeout} s ({len(self.world.updates)} update(s) pending)")
