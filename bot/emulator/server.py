"""The HTTP side: `/bot<token>/<method>`, `/file/bot<token>/<path>`, webhook delivery."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import datetime
from typing import Any

import aiohttp
from aiohttp import web

from bot.emulator.faults import Faults, RateLimits
from bot.emulator.methods import Methods
from bot.emulator.params import Params, Upload
from bot.emulator.state import JSON, ApiError, Call, World

log = logging.getLogger(__name__)
WEBHOOK_ATTEMPTS = 5


async def read_params(request: web.Request) -> Params:
    params: Params = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    ctype = request.content_type
    if ctype == "application/json":
        body = await request.json()
        params.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
    elif ctype.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            if part.filename:
                params[part.name] = Upload(part.filename, bytes(await part.read()))
            else:
                params[part.name] = await part.text()
        # PTB sends the file as a separate part and names it in the field: "attach://<part>"
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = params.get(value.removeprefix("attach://"), value)
    else:
        params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return params


class Server:
    def __init__(self, world: World) -> None:
        self.world = world
        self.methods = Methods(world)
        self.faults = Faults()
        self.limits = RateLimits()
        self.app = web.Application(client_max_size=64 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self.api)
        self.app.router.add_get("/file/bot{token}/{path:.*}", self.file)
        self._webhook_task: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()  # ends requests held by a "timeout" fault, so stop() never waits on them

    def _reply(self, status: int, body: JSON, method: str, params: Params) -> web.Response:
        shown = {k: (f"<{len(v.data)} bytes>" if isinstance(v, Upload) else v) for k, v in params.items()}
        self.world.calls.append(Call(self.world.clock(), method, shown, status))
        return web.json_response(body, status=status)

    async def api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await read_params(request)
        if request.match_info["token"] != self.world.token:
            return self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, method, params)
        chat_id = _chat_id(params)
        fault = self.faults.take(method, chat_id)
        if fault is not None:
            error = Faults.error_for(fault)
            if error is not None:
                return self._reply(error.code, error.payload(), method, params)
            if fault.kind == "timeout":
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), fault.delay)
                if self._closing.is_set():  # shutting down: the held request is dropped, nothing is sent
                    return web.Response(status=502)
            elif fault.kind == "network" and request.transport is not None:
                request.transport.close()  # the client sees the connection drop mid-request
                return web.Response(status=500)
        try:
            is_group = chat_id is not None and self.world.chats.get(chat_id, {}).get("type") != "private"
            self.limits.check(method, chat_id, is_group)
            result = await self._dispatch(method, params)
        except ApiError as error:
            return self._reply(error.code, error.payload(), method, params)
        reply = self._reply(200, {"ok": True, "result": result}, method, params)
        if fault is not None and fault.kind == "reset" and request.transport is not None:
            request.transport.close()  # delivered and logged, but the answer never leaves: the client sees a reset
        return reply

    async def _dispatch(self, method: str, params: Params) -> Any:
        if method == "getUpdates":
            return await self.get_updates(params)
        if method == "setWebhook":
            return self.set_webhook(params)
        if method == "deleteWebhook":
            if str(params.get("drop_pending_updates", "")).lower() == "true":
                self.world.updates.clear()
            self.world.webhook = None
            return True
        if method == "getWebhookInfo":
            hook = self.world.webhook or {}
            return {
                "url": hook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self.world.updates),
            }
        handler = self.methods.table.get(method)
        if handler is None:
            raise ApiError(404, "Not Found")
        return handler(params)

    async def get_updates(self, params: Params) -> list[JSON]:
        if self.world.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = float(params.get("timeout") or 0)
        if offset:
            self.world.confirm(offset)
        if not self.world.updates and timeout > 0:
            self.world.new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.world.new_update.wait(), timeout)
        return self.world.updates[:limit]

    def set_webhook(self, params: Params) -> bool:
        url = str(params.get("url") or "")
        if not url:
            self.world.webhook = None
            return True
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self.world.updates.clear()
        self.world.webhook = {"url": url, "secret": params.get("secret_token")}
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._deliver_webhooks())
        self.world.new_update.set()
        return True

    async def _deliver_webhooks(self) -> None:
        """Telegram POSTs each update to the webhook and retries until it gets a 2xx."""
        async with aiohttp.ClientSession() as session:
            while self.world.webhook and not self._closing.is_set():
                if not self.world.updates:
                    self.world.new_update.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.world.new_update.wait(), 0.5)
                    continue
                hook, update = self.world.webhook, self.world.updates[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": hook["secret"]} if hook.get("secret") else {}
                delivered = False
                for attempt in range(WEBHOOK_ATTEMPTS):
                    try:
                        async with session.post(hook["url"], json=update, headers=headers) as response:
                            delivered, status = 200 <= response.status < 300, response.status
                            if delivered and self._lose_webhook_answer():
                                delivered, status = False, 504  # the bot has it, Telegram will send it again
                            self.world.calls.append(
                                Call(self.world.clock(), "webhook", {"update_id": update["update_id"]}, status)
                            )
                    except aiohttp.ClientError as exc:
                        log.debug("webhook delivery failed: %s", exc)
                    if delivered:
                        break
                    await asyncio.sleep(0.05 * (attempt + 1))
                self.world.confirm(update["update_id"] + 1)  # delivered, or given up like Telegram does

    def _lose_webhook_answer(self) -> bool:
        """An injected fault on method "webhook": the bot got the update, but Telegram saw a timeout or a
        5xx instead of its 2xx, so it delivers the same update again, as the real one does."""
        fault = next((f for f in self.faults.pending if f.method == "webhook" and f.times > 0), None)
        if fault is None:
            return False
        fault.times -= 1
        self.faults.fired.append(("webhook", fault.kind))
        return True

    async def file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.world.token:
            raise web.HTTPUnauthorized()
        file_id = request.match_info["path"].split("/")[1] if "/" in request.match_info["path"] else ""
        if file_id not in self.world.files:
            raise web.HTTPNotFound()
        return web.Response(body=self.world.files[file_id][1])

    async def close(self) -> None:
        self._closing.set()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        # Long polls return now instead of holding the shutdown for their timeout. Only after the
        # delivery task is gone: in 3.11 a wait_for whose event fires as it is cancelled can swallow the cancel.
        self.world.new_update.set()


def _chat_id(params: Params) -> int | None:
    value = params.get("chat_id")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("emulator clock must return aware datetimes")
    return value
