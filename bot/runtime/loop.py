"""The running bot: a transport on one side, the core on the other, the outbox in between.

Runtime wires the parts and is what the transport calls (bot.ports.Inbox); the work
itself lives beside it: the core's thread (core), the outbox sender (sending), in-flight
recovery after a crash (recovery) and the connection's state (status).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.chat.outcome import Result
from bot.chat.pipeline import Pipeline
from bot.domain.accounts import FAILOVER_AFTER, LinkState, state_of
from bot.domain.echo import Echo
from bot.domain.inbound_text import MAX_TOPIC, at_the_door, fit_id, readable
from bot.domain.messages import Inbound
from bot.ports import (
    BlobStore,
    Clock,
    Conflict,
    GroupCommit,
    Transport,
    Unavailable,
    UnitOfWorkFactory,
)
from bot.runtime.batcher import ArrivalBatcher
from bot.runtime.core import CoreThread
from bot.runtime.echoes import EchoWatch
from bot.runtime.held import HeldMessages
from bot.runtime.journal import HeldJournal
from bot.runtime.media_budget import MediaBudget
from bot.runtime.presence import AccountPresence
from bot.runtime.recovery import InFlightRecovery
from bot.runtime.sending import OutboxSender, SendPacing
from bot.runtime.status import ConnectionState, StaffNotices
from bot.services import accounts, directory, outbox
from bot.services.evidence.source import prefetch

T = TypeVar("T")
log = logging.getLogger(__name__)


def _name(job: Callable[..., object]) -> str:
    return getattr(job, "__qualname__", repr(job))


class Runtime:
    def __init__(
        self,
        *,
        pipeline: Pipeline,
        uow_factory: UnitOfWorkFactory,
        transport: Transport,
        clock: Clock,
        account: str,
        pacing: SendPacing | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        tz: ZoneInfo | None = None,
        failover_after: timedelta = FAILOVER_AFTER,
        journal: HeldJournal | None = None,
        commits: GroupCommit | None = None,
        media: BlobStore | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.uow_factory = uow_factory
        self.transport = transport
        self.clock = clock
        self.account = account
        self.pacing = pacing or SendPacing()
        self.connection = ConnectionState()
        self._core = CoreThread()
        # Messages arriving while the core is busy are handled as a group, made durable by
        # one commit (bot/runtime/batcher; `commits` None: each commit durable by itself).
        self.arrivals = ArrivalBatcher(core=self._core, handle=pipeline.handle, commits=commits)
        self.echoes = EchoWatch(
            core=self._core,
            uow_factory=uow_factory,
            clock=clock,
            account=account,
            grace=self.pacing.echo_grace,
            window=self.pacing.echo_window,
        )
        self.sender = OutboxSender(
            core=self._core,
            uow_factory=uow_factory,
            transport=transport,
            clock=clock,
            account=account,
            pacing=self.pacing,
            connection=self.connection,
            echoes=self.echoes,
            sleep=sleep,
            tz=tz,
            media=media,
        )
        self._notices = StaffNotices(uow_factory=uow_factory, clock=clock, account=account)
        self._recovery = InFlightRecovery(
            core=self._core,
            uow_factory=uow_factory,
            transport=transport,
            clock=clock,
            account=account,
            resend_uncertain=self.pacing.resend_uncertain,
            notices=self._notices,
        )
        limits = self.pacing.limits
        self.presence = AccountPresence(
            uow_factory=uow_factory,
            clock=clock,
            account=account,
            tz=tz or ZoneInfo("Asia/Shanghai"),
            limits=accounts.Limits(limits.per_minute, limits.per_day),
            failover_after=failover_after,
        )
        # What arrived while the database was away, handled again on tick() (bot/runtime/held).
        # With a journal they survive a kill during the outage (bot/runtime/journal).
        self.held = HeldMessages(self._receive, journal=journal)
        # How many files of one sender are fetched and kept (bot/runtime/media_budget).
        self.media = MediaBudget()
        # Periodic core jobs (SLA sweeps, scheduled posts), each a function of the time;
        # run by tick(): APScheduler calls it in production, replay after moving its clock.
        self.jobs: list[Callable[[datetime], object]] = []

    async def call(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run a core function on the core's thread (the console uses it too)."""
        return await self._core.call(fn, *args, **kwargs)

    # ---- Inbox: what the transport calls -------------------------------------------------

    async def receive(self, message: Inbound) -> None:
        # Lone surrogates and runaway lengths stop at the door (bot.domain.inbound_text).
        await self.held.receive(at_the_door(message))

    async def _receive(self, message: Inbound) -> None:
        if message.media is not None and not self.media.allows(message.sender_id, self.clock.now()):
            message = dataclasses.replace(message, media=None)  # bot/runtime/media_budget
        # Only a message with a file asks the core first (the others keep their arrival order
        # into the batcher, with no hop through the core's thread).
        limit = None
        if message.media is not None:
            limit = await self.call(self.pipeline.media_limit, message)
        if limit is not None and message.media is not None:
            # A file the core will keep: downloaded in a worker thread, so neither the core's
            # thread nor any database transaction waits on the network.
            fetched = await asyncio.to_thread(prefetch, message.media, limit)
            message = dataclasses.replace(message, media=fetched)
        result: Result = await self.arrivals.handle(message)
        if result.sent:
            self.sender.wake()

    async def room_seen(self, room_id: str, topic: str) -> None:
        topic = readable(topic)[:MAX_TOPIC]  # as at_the_door does for a message's room
        await self.call(self._in_uow, directory.room_seen, fit_id(room_id), topic)

    async def room_left(self, room_id: str) -> None:
        await self.call(self._in_uow, directory.room_left, fit_id(room_id))

    async def transport_status(
        self, online: bool, detail: str = "", state: LinkState | None = None
    ) -> None:
        came_back = self.connection.report(online, detail, self.clock.now())
        told = await self.call(self.presence.report, state_of(online, state), detail)
        if came_back:
            await self.call(self._notices.reconnected, detail)
        if online:
            await self.echoes.reconnected()
        else:
            self.echoes.disconnected()
        if online or told:
            await self.sender.resume()

    async def echoed(self, echo: Echo) -> None:
        """The bot's own message came back: it may confirm a send whose outcome was unknown;
        it is never handled as something a resident said."""
        await self.echoes.seen(echo)

    async def contacts_seen(self, wechat_ids: Sequence[str]) -> None:
        ids = [fit_id(i) for i in wechat_ids]
        changed = await self.call(self._in_uow, accounts.contacts_seen, ids)
        log.info(
            "account %s: %d contacts reported (%s rows changed)",
            self.account,
            len(wechat_ids),
            changed,
        )

    def _in_uow(self, fn: Callable[..., object], *args: object) -> object:
        with self.uow_factory() as uow:
            result = fn(uow, self.account, *args, self.clock.now())
            uow.commit()
            return result

    # ---- the clock's work and the outbox ---------------------------------------------------

    async def tick(self) -> None:
        """Run every periodic job once at the clock's current time, then beat (the accounts
        page counts a process that stops beating as gone)."""
        await self.held.retry()
        for job in self.jobs:
            try:
                await self.call(job, self.clock.now())
            except Conflict:
                # Another process took the same work at the same moment and won; this job's
                # transaction kept nothing and the next tick sees the winner's result.
                log.info("job %s lost a race with another process; next tick", _name(job))
            except Unavailable as exc:  # an outage, not a bug: one line, and again next tick
                log.warning("job %s: database unavailable (%s); next tick", _name(job), exc)
            except Exception:
                # One failing job must not starve the others (or the heartbeat) every tick.
                log.exception("job %s failed", _name(job))
        try:
            await self.call(self.presence.beat)
        except Unavailable as exc:
            # The next tick beats (and retries what is held first).
            log.warning("database unavailable (%s); heartbeat skipped", exc)
            return
        await self._recovery.prune()
        self.sender.wake()

    async def deliver_pending(self) -> int:
        """Send everything due now (see OutboxSender.deliver_pending)."""
        return await self.sender.deliver_pending()

    async def recover(self) -> outbox.Recovery:
        """Settle messages a crashed process left in flight (see InFlightRecovery)."""
        return await self._recovery.run()

    # ---- lifecycle --------------------------------------------------------------------------

    async def start(self, *, sender: bool = True) -> None:
        """Recover, connect, then send in the background (tests pass sender=False and call
        deliver_pending themselves, so nothing races their virtual clock)."""
        self.sender.ready()
        await self.held.restore()  # a killed process's held messages, before anything new
        await self.recover()
        await self.call(self.presence.beat)
        await self._recovery.prune()
        await self.held.retry()
        await self.transport.start(self)
        if sender:
            self.sender.run_in_background()

    async def stop(self) -> None:
        await self.sender.stop()
        await self.transport.stop()
        self._core.shutdown()
        self.arrivals.shutdown()
