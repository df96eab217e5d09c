"""HTTP control API under /_control/, so a test or the chaos script in another process can play
users and Telegram while the bot runs as a separate process. Only the emulator run on its own
(`python -m bot.emulator`) serves it: in-process users call the emulator's methods directly, and the
control drives the emulator, never the other way round."""

from __future__ import annotations

import base64
from dataclasses import asdict
from typing import Any

from aiohttp import web

from bot.emulator.client import BotApiEmulator


def _sent_json(s: Any) -> dict[str, Any]:
    data = asdict(s)
    for key in ("photo", "document"):
        data[key] = base64.b64encode(data[key]).decode() if data[key] else None
    data["at"] = s.at.isoformat()
    return data


def add_control_routes(app: web.Application, emu: BotApiEmulator) -> None:
    world = emu.world

    async def act(request: web.Request) -> web.Response:
        action = request.match_info["action"]
        body: dict[str, Any] = await request.json() if request.can_read_body else {}
        user = world.users.get(int(body["user_id"])) if "user_id" in body else None
        chat = world.chats.get(int(body["chat_id"])) if "chat_id" in body else None
        result: Any = None
        if action == "user":
            result = emu.user(int(body["user_id"]), body["first_name"], body.get("language_code", "zh"))
            if body.get("started"):  # as if the user had pressed Start long ago
                world.started.add(int(body["user_id"]))
        elif action == "group":
            result = emu.group(int(body["chat_id"]), body["title"], bool(body.get("supergroup")))
        elif action == "send_text" and user is not None:
            result = emu.send_text(user, body["text"], chat)
        elif action == "send_command" and user is not None:
            result = emu.send_command(user, body["text"], chat)
        elif action == "edit_text" and user is not None:
            message = world.messages[(int(body["chat_id"]), int(body["message_id"]))]
            result = emu.edit_text(user, message, body["text"])
        elif action == "press_button" and user is not None:
            sent = next(s for s in world.sent if (s.chat_id, s.message_id) == (body["chat_id"], body["message_id"]))
            result = emu.press_button(user, sent, body["data"])
        elif action == "send_document" and user is not None:
            result = emu.send_document(user, body["filename"], base64.b64decode(body["data"]), chat)
        elif action == "add_bot" and user is not None and chat is not None:
            result = emu.add_bot_to_group(user, chat)
        elif action == "block" and user is not None:
            emu.block_bot(user)
        elif action == "migrate" and chat is not None:
            result = emu.migrate_group(chat)
        elif action == "redeliver":
            emu.redeliver(int(body["update_id"]))
        elif action == "inject_fault":
            emu.inject_fault(
                body["method"],
                body["kind"],
                times=int(body.get("times", 1)),
                retry_after=int(body.get("retry_after", 5)),
                chat_id=body.get("chat_id"),
                delay=float(body.get("delay", 30.0)),
            )
        elif action == "clear_faults":  # the faults injected and not yet fired are withdrawn
            emu.server.faults.pending.clear()
        elif action == "rate_limits":
            emu.rate_limits(bool(body.get("enabled", True)))
        else:
            raise web.HTTPBadRequest(text=f"unknown action or missing user/chat: {action}")
        return web.json_response({"ok": True, "result": result})

    async def sent(request: web.Request) -> web.Response:
        chat_id = request.query.get("chat_id")
        items = emu.sent(int(chat_id) if chat_id else None)
        return web.json_response({"ok": True, "result": [_sent_json(s) for s in items]})

    async def calls(request: web.Request) -> web.Response:
        result = [
            {"at": c.at.isoformat(), "method": c.method, "params": c.params, "status": c.status} for c in world.calls
        ]
        return web.json_response({"ok": True, "result": result})

    async def pending(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": world.updates})

    async def faults(request: web.Request) -> web.Response:
        """Injected faults: those still armed, and [method, kind] of each that fired (a held request has)."""
        armed = [asdict(f) for f in emu.server.faults.pending if f.times > 0]
        fired = [list(f) for f in emu.server.faults.fired]
        return web.json_response({"ok": True, "result": {"pending": armed, "fired": fired}})

    app.router.add_get("/_control/sent", sent)
    app.router.add_get("/_control/faults", faults)
    app.router.add_get("/_control/calls", calls)
    app.router.add_get("/_control/pending", pending)
    app.router.add_post("/_control/{action}", act)
