"""Composition root: `build_app(settings)` wires PTB and the services (bot/services/container.py) in one place.

Long-lived objects (the database, the services) open in post_init and close in post_shutdown,
so an Application that is built but never started holds no file handles.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.chat.acks import Acknowledger
from bot.chat.context import BotData, CampaignContext, ChatData
from bot.chat.ordering import ChatOrderedProcessor
from bot.chat.polling import ReliablePoller
from bot.chat.ratelimit import CampaignRateLimiter
from bot.handlers import register_handlers
from bot.services.clock import Clock, system_clock
from bot.services.container import open_services
from bot.settings import Settings
from bot.texts import t

log = logging.getLogger(__name__)

CampaignApp = Application[Any, CampaignContext, dict[Any, Any], ChatData, BotData, Any]

MENU = (
    "report", "me", "tasks", "progress", "laggards", "silent", "bulletin", "verify", "sample", "reconcile", "export",
    "undo", "leave", "help", "lang", "campaign",
)  # fmt: skip


def build_app(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    token: str | None = None,
    rate_limit: bool = True,
    with_scheduler: bool = True,
    settle_heap: bool = False,
) -> CampaignApp:
    """`with_scheduler=False` is for tests of chat flows that drive the scheduler themselves.
    `settle_heap`: the process is this bot's alone (`campaign-bot run`): see settle_heap()."""
    context_types = ContextTypes(context=CampaignContext, chat_data=ChatData, bot_data=BotData)
    builder = (
        ApplicationBuilder()
        .token(token or settings.require_token())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.file_base_url)
        .context_types(context_types)
        # Every text is composed by the catalogue (bot/texts: th) with its names escaped for HTML, so
        # HTML is how every send and edit is parsed unless it says otherwise; one forgotten parse_mode
        # would otherwise show a name with & or < as &amp; / &lt;.
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        # Concurrent across chats, in order within a chat (bot/chat/ordering.py): a member's reports
        # are applied in the order sent, and one chat's wait never delays another chat's answer.
        .concurrent_updates(ChatOrderedProcessor())
    )
    if rate_limit:
        # Throttles outbound traffic under Telegram's limits (30/s overall, 20/min per group); a reply
        # that hits 429 waits retry_after and is sent again, notifications retry in the outbox.
        builder = builder.rate_limiter(CampaignRateLimiter())  # type: ignore[arg-type]
    app: CampaignApp = builder.build()
    app.bot_data.settings = settings
    app.bot_data.clock = clock
    app.bot_data.with_scheduler = with_scheduler
    app.bot_data.settle_heap = settle_heap
    register_handlers(app)
    return app


async def _post_init(app: CampaignApp) -> None:
    settings, clock = app.bot_data.settings, app.bot_data.clock
    assert settings is not None, "build_app sets it"
    assert clock is not None, "build_app sets it"
    services = await open_services(settings, clock)
    app.bot_data.services = services
    # Acknowledgements a crash or a stop left owed are sent first (a duplicate is harmless, a missing one is not).
    app.bot_data.acks = Acknowledger(app.bot, services)
    await app.bot_data.acks.recover()
    commands = [BotCommand(c, t(settings.default_language, f"menu.{c}")) for c in MENU]
    await app.bot.set_my_commands(commands, scope=BotCommandScopeAllPrivateChats())
    if app.bot_data.with_scheduler:
        from scheduler import install as install_scheduler

        await install_scheduler(app, services)
    if app.bot_data.settle_heap:
        settle_heap()
    log.info("campaign-bot started as @%s, database %s", app.bot.username, settings.database_path)


async def _post_stop(app: CampaignApp) -> None:
    # Before the bot's HTTP client is shut down: sends in flight finish and are marked sent; what is
    # unsent stays owed in the database for the next start.
    acks, app.bot_data.acks = app.bot_data.acks, None
    if acks is not None:
        await acks.close()


async def _post_shutdown(app: CampaignApp) -> None:
    await _post_stop(app)  # when the application was never started
    services = app.bot_data.services
    app.bot_data.services = None
    if services is not None:
        await services.close()


def settle_heap() -> None:
    """Keep what start-up built out of the garbage collector's full passes (issue 8). A full pass
    walks every tracked object; the modules, texts and services a bot starts with (≈ 130,000 objects)
    live as long as the process, and each pass walked them all (≈ 0.1 s, landing on whichever report
    was being handled). Start-up's garbage is collected first, so only what lives is set aside; what
    later reports create is collected as before. Not for a process that starts many bots (tests)."""
    gc.collect()
    gc.freeze()


def run_bot(settings: Settings) -> int:
    """`campaign-bot run`: poll (or serve the webhook). The caller holds the instance lock
    (bot/storage/lock.py) for the whole call: the database is closed before it is released."""
    token = settings.require_token()
    app = build_app(settings, token=token, settle_heap=True)
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path="telegram",
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        asyncio.run(poll(app))
    return 0


async def poll(
    app: CampaignApp, stop: asyncio.Event | None = None, *, signals: bool = True, poll_timeout: int = 10
) -> None:
    """The polling lifecycle (what run_polling does), with ReliablePoller instead of the Updater.
    SIGINT/SIGTERM stop it cleanly: the update in hand is finished, the rest of the fetched batch stays
    unconfirmed (Telegram redelivers it at the next start), then the process exits."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM) if signals else ():
        loop.add_signal_handler(sig, stop.set)
    await app.initialize()
    assert app.post_init is not None
    assert app.post_stop is not None
    assert app.post_shutdown is not None
    try:
        await app.bot.delete_webhook()  # polling and a webhook exclude each other
        await app.post_init(app)
        await app.start()
        await ReliablePoller(app, timeout=poll_timeout).run(stop)
    finally:
        if app.running:
            await app.stop()
        await app.post_stop(app)
        await app.shutdown()
        await app.post_shutdown(app)


class BackgroundPoll:
    """`poll()` as a task beside other work: for the offline demo and the end-to-end tests, which
    must drive the same lifecycle as `run` (confirm-after-processing) while they play the users."""

    def __init__(self, app: CampaignApp, poll_timeout: int = 1) -> None:
        self.app, self.stop_event = app, asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.poll_timeout = poll_timeout

    async def start(self) -> CampaignApp:
        self.task = asyncio.create_task(poll(self.app, self.stop_event, signals=False, poll_timeout=self.poll_timeout))
        for _ in range(1500):  # start-up opens the database and calls getMe: seconds at most
            if self.app.running or self.task.done():
                break
            await asyncio.sleep(0.02)
        if self.task.done():
            self.task.result()  # surface a start-up failure
        return self.app

    async def stop(self) -> None:
        self.stop_event.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, 60)
