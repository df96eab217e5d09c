"""Sending the acknowledgements the database owes (SPEC §9): per chat, in order, retried until sent.

A report's acknowledgement is recorded as owed in the transaction that commits the report
(bot/services/reporting.py). An acknowledgement nothing would hold back (its chat has none queued,
no 429 holds it, the rate limiter has room) is then sent at once, inside its update, in one
attempt (send_now): no task, and no send racing the next report's write for the interpreter.
One that would wait, or whose attempt fails, goes to its chat's lane and its update is finished:
the poller confirms it to Telegram although the reply may still wait — a 429 in its chat can hold
it for minutes, and getUpdates returns only 100 updates from the oldest unconfirmed one, so an
update held until its reply is sent would soon stop every other chat's updates from being fetched.

Each chat has one lane: its acknowledgements are sent one after another, in the order owed, and any
other answer to the chat while one waits there or a 429 holds it (lane_items.Said, in_turn), so a
member's answers never overtake each other. A send that fails after the rate limiter's own retries
(bot/chat/ratelimit.py) is tried again with a growing pause for as long as the bot runs; one Telegram
refuses for good (403 blocked, 400) is logged and dropped. A reply queued twice (owed from before a
restart and its update redelivered) is sent once: the second is skipped in the queue or, once the
first was sent, by the memory of what was sent; after its mark is written, the report service no
longer owes it. A reply is marked done only after Telegram accepted it: a crash in between sends it
again at the next start — a duplicate acknowledgement is harmless, a missing one makes the member
report again.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.chat.lane_items import Ack, Said
from bot.chat.ratelimit import CampaignRateLimiter, caller_retries
from bot.domain.origin import MessageKey
from bot.services.container import Services

log = logging.getLogger(__name__)

FIRST_PAUSE = 5.0  # seconds before a lane tries a failed acknowledgement again; doubled up to MAX_PAUSE
MAX_PAUSE = 300.0
SENT_MEMORY = 10_000  # replies remembered as sent: redeliveries come right after a start
MARK_DELAY = 0.5  # seconds the marks gather before one commit writes them (a crash resends at most these)
CLOSE_GRACE = 5.0  # seconds a stop waits for the sends in flight (a send cut off may arrive and be sent again)


class Acknowledger:
    def __init__(self, bot: Bot, services: Services) -> None:
        self.bot = bot
        self.services = services
        self._queues: dict[int, deque[Ack | Said]] = {}
        self._lanes: dict[int, asyncio.Task[None]] = {}
        # Replies sent (or refused) whose mark is not written yet: one writer task writes them in
        # batches, so a burst of acknowledgements does not cost a commit each.
        self._marks: dict[MessageKey, str] = {}
        self._marker: asyncio.Task[None] | None = None
        self._closing = False
        # Replies sent by this process (the latest SENT_MEMORY): one owed again by a redelivered update
        # after a restart is not sent twice. Kept in memory, not read back from the database: the
        # shared reader connection may still see a snapshot from before the commit that owed it.
        self._sent: set[MessageKey] = set()
        self._sent_order: deque[MessageKey] = deque()
        self._sending_now: set[int] = set()  # chats whose acknowledgement is being sent by send_now

    async def send_now(self, ack: Ack) -> None:
        """Send an acknowledgement the database records as owed, at once when nothing would hold it back;
        else (or when the one attempt fails) it is left to its chat's lane. The update waits for one
        attempt only, never for a pause or a retry, so a held chat never holds back the poller."""
        chat = ack.key.chat_id
        if chat in self._queues or chat in self._sending_now or self._closing or not self._free_now(chat):
            self.owe(ack)
            return
        self._sending_now.add(chat)
        try:
            with caller_retries():  # one attempt: the lane does the retrying
                done = await self._attempt(ack, quiet=True)
        finally:
            self._sending_now.discard(chat)
        if not done:
            self.owe(ack, first=True)  # before anything owed to the chat while it was tried
        elif chat in self._queues and chat not in self._lanes:
            self._start_lane(chat)  # owed meanwhile (never by this chat's updates: they wait their turn)

    def _limiter(self) -> CampaignRateLimiter | None:
        limiter = self.bot.rate_limiter if isinstance(self.bot, ExtBot) else None
        return limiter if isinstance(limiter, CampaignRateLimiter) else None

    def _free_now(self, chat: int) -> bool:
        if not isinstance(self.bot, ExtBot) or self.bot.rate_limiter is None:
            return True
        limiter = self._limiter()
        return limiter is not None and limiter.free_now(chat)

    def in_turn(self, chat: int) -> bool:
        """Whether an answer to a message of `chat` must wait its turn in the chat's lane (say): an
        acknowledgement is queued or being sent there, or a 429 holds the chat — sent inside its update,
        the answer would overtake the one waiting, or keep the update waiting out the hold."""
        limiter = self._limiter()
        return chat in self._queues or chat in self._sending_now or (limiter is not None and limiter.held(chat))

    def say(self, said: Said) -> None:
        """Queue an answer behind what the chat's lane holds (see in_turn)."""
        self._enqueue(said.chat_id, said)

    def owe(self, ack: Ack, *, first: bool = False) -> None:
        """Queue an acknowledgement the database records as owed; it is sent in its chat's lane.
        `first`: ahead of the chat's queue (an attempt of send_now's failed, and it was owed before them)."""
        if any(isinstance(queued, Ack) and queued.key == ack.key for queued in self._queues.get(ack.key.chat_id, ())):
            return  # owed from before the start and its update redelivered: one reply is enough
        self._enqueue(ack.key.chat_id, ack, first=first)

    def _enqueue(self, chat: int, item: Ack | Said, *, first: bool = False) -> None:
        queue = self._queues.setdefault(chat, deque())
        if first:
            queue.appendleft(item)
        else:
            queue.append(item)
        if chat not in self._lanes and chat not in self._sending_now:
            self._start_lane(chat)

    def _start_lane(self, chat: int) -> None:
        self._lanes[chat] = asyncio.create_task(self._lane(chat), name=f"acks-{chat}")

    async def recover(self) -> int:
        """At start-up: queue every acknowledgement a crash or a stop left owed. Returns how many."""
        owed = await self.services.acks.open()
        for o in owed:
            edited = o.key.revision > 0
            lang = o.member.member.language
            text = await self.services.progress.acknowledgement(
                lang, o.campaign, o.member, o.items, duplicate=False, edited=edited, work_date=o.work_date
            )
            self.owe(Ack(o.key, text))
        if owed:
            log.info("%d acknowledgement(s) owed from before the start are being sent", len(owed))
        return len(owed)

    def waiting(self) -> int:
        """Acknowledgements queued in this process and not yet sent (for the benchmarks)."""
        return sum(len(q) for q in self._queues.values())

    async def close(self) -> None:
        """Stop sending: what is still owed stays owed in the database and is sent at the next start.
        Sends in flight get a few seconds to finish (cut off, one may arrive and yet stay owed); the
        marks of replies sent are written before this returns, so they are not sent again."""
        self._closing = True
        lanes = list(self._lanes.values())
        if lanes:
            _, unfinished = await asyncio.wait(lanes, timeout=CLOSE_GRACE)
            for lane in unfinished:
                lane.cancel()
            await asyncio.gather(*unfinished, return_exceptions=True)
        if self._marker is not None:
            await asyncio.gather(self._marker, return_exceptions=True)
        await self._write_marks()

    async def _lane(self, chat: int) -> None:
        queue = self._queues[chat]
        try:
            while queue and not self._closing:
                await self._deliver(queue[0])
                queue.popleft()
        finally:
            del self._lanes[chat]
            if not queue:
                del self._queues[chat]

    async def _deliver(self, ack: Ack | Said) -> None:
        pause = FIRST_PAUSE
        while not await self._attempt(ack, pause=pause):
            if self._closing:
                return  # stays owed: sent at the next start
            await asyncio.sleep(pause)
            pause = min(pause * 2, MAX_PAUSE)

    async def _attempt(self, ack: Ack | Said, *, pause: float = 0.0, quiet: bool = False) -> bool:
        """One send (with the rate limiter's retries unless the caller turned them off); True when the
        acknowledgement is done with: sent, sent before, or refused by Telegram for good. `quiet`: a
        failure is left to the lane without a warning (the lane warns if it fails there too)."""
        owed = ack.key if isinstance(ack, Ack) else None  # a Said is owed to nobody: nothing to mark
        try:
            if owed in self._sent:
                return True
            await ack.send(self.bot)
        except (Forbidden, BadRequest, ChatMigrated) as refused:  # Telegram will never take it
            log.warning("a reply was refused by Telegram (%s); it is not sent", type(refused).__name__)
            if owed is not None:
                self._mark(owed, "refused")
            return True
        except TelegramError as error:  # 429 or network failures beyond the rate limiter's retries
            if not quiet:
                log.warning("an acknowledgement failed (%s); trying again in %.0f s", type(error).__name__, pause)
            return False
        except Exception:
            log.exception("sending an acknowledgement failed; trying again in %.0f s", pause)
            return False
        if owed is not None:
            self._remember(owed)
            self._mark(owed, "sent")
        return True

    def _remember(self, key: MessageKey) -> None:
        self._sent.add(key)
        self._sent_order.append(key)
        if len(self._sent_order) > SENT_MEMORY:
            self._sent.discard(self._sent_order.popleft())

    def _mark(self, key: MessageKey, outcome: str) -> None:
        self._marks[key] = outcome
        if self._marker is None or self._marker.done():
            self._marker = asyncio.create_task(self._write_marks(), name="acks-marks")

    async def _write_marks(self) -> None:
        while self._marks:
            # A commit (an fsync) per batch, not per reply: the report path is busy. The pause comes
            # before every batch: marks arriving while one is written wait for the next, or under a
            # steady flow each reply would get a commit of its own (as many as the reports).
            if not self._closing:
                await asyncio.sleep(MARK_DELAY)
            batch = dict(self._marks)
            try:
                await self.services.acks.done(batch)
            except Exception:  # kept in memory: the next batch (or close()) writes it
                log.exception("marking acknowledgements done failed")
                await asyncio.sleep(1.0)
                continue
            for key in batch:
                del self._marks[key]
