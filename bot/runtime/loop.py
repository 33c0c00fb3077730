"""The running bot: a transport on one side, the core on the other, the outbox in between.

Runtime wires the parts and is what the transport calls (bot.ports.Inbox); the work
itself lives beside it: the core's thread (core), the outbox sender (sending), in-flight
recovery after a crash (recovery) and the connection's state (status).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from bot.chat.pipeline import Pipeline, Result
from bot.domain.messages import Inbound
from bot.ports import Clock, Conflict, Transport, UnitOfWorkFactory
from bot.runtime.core import CoreThread
from bot.runtime.recovery import InFlightRecovery
from bot.runtime.sending import OutboxSender, SendPacing
from bot.runtime.status import ConnectionState, StaffNotices
from bot.services import directory, outbox

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
    ) -> None:
        self.pipeline = pipeline
        self.uow_factory = uow_factory
        self.transport = transport
        self.clock = clock
        self.account = account
        self.pacing = pacing or SendPacing()
        self.connection = ConnectionState()
        self._core = CoreThread()
        self.sender = OutboxSender(
            core=self._core,
            uow_factory=uow_factory,
            transport=transport,
            clock=clock,
            account=account,
            pacing=self.pacing,
            connection=self.connection,
            sleep=sleep,
        )
        self._recovery = InFlightRecovery(
            core=self._core,
            uow_factory=uow_factory,
            transport=transport,
            clock=clock,
            account=account,
            resend_uncertain=self.pacing.resend_uncertain,
        )
        self._notices = StaffNotices(uow_factory=uow_factory, clock=clock, account=account)
        # Periodic core jobs (SLA sweeps, scheduled posts), each a function of the time;
        # run by tick(): APScheduler calls it in production, replay after moving its clock.
        self.jobs: list[Callable[[datetime], object]] = []

    async def call(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run a core function on the core's thread (the console uses it too)."""
        return await self._core.call(fn, *args, **kwargs)

    # ---- Inbox: what the transport calls -------------------------------------------------

    async def receive(self, message: Inbound) -> None:
        result: Result = await self.call(self.pipeline.handle, message)
        if result.sent:
            self.sender.wake()

    async def room_seen(self, room_id: str, topic: str) -> None:
        await self.call(self._in_uow, directory.room_seen, room_id, topic)

    async def room_left(self, room_id: str) -> None:
        await self.call(self._in_uow, directory.room_left, room_id)

    async def transport_status(self, online: bool, detail: str = "") -> None:
        came_back = self.connection.report(online, detail, self.clock.now())
        if came_back:
            await self.call(self._notices.reconnected, detail)
        if online:
            await self.sender.resume()

    def _in_uow(self, fn: Callable[..., object], *args: object) -> None:
        with self.uow_factory() as uow:
            fn(uow, self.account, *args, self.clock.now())
            uow.commit()

    # ---- the clock's work and the outbox ---------------------------------------------------

    async def tick(self) -> None:
        """Run every periodic job once at the clock's current time."""
        for job in self.jobs:
            try:
                await self.call(job, self.clock.now())
            except Conflict:
                # Another account's process did the same work at the same moment (a month's
                # base points, say) and its row won: nothing of ours was kept, and the next
                # tick finds it done. The jobs after this one still run now.
                log.info("periodic job %s lost a race with another process", _name(job))
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
        await self.recover()
        await self.transport.start(self)
        if sender:
            self.sender.run_in_background()

    async def stop(self) -> None:
        await self.sender.stop()
        await self.transport.stop()
        self._core.shutdown()
