"""The running bot: a transport on one side, the core on the other, the outbox in between.

The core is synchronous (plain SQLAlchemy, fast on SQLite); it runs on one worker thread
so the event loop stays free for the transport and the console, and writes never contend.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TypeVar

from bot.chat.pipeline import Pipeline, Result
from bot.domain.community import Role
from bot.domain.messages import Inbound, Outbound
from bot.domain.records import OutboxItem
from bot.ports import Clock, SendFailed, Transport, UnitOfWorkFactory
from bot.services import directory, outbox

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class ConnectionState:
    online: bool = False
    detail: str = "未连接"
    since: datetime | None = None
    was_online: bool = False


@dataclass
class SendPacing:
    """Gaps between sends; zero in tests and replay. Issue-level limits live in settings."""

    min_interval: float = 0.0
    batch: int = 50
    idle_poll: float = 1.0
    history: list[float] = field(default_factory=list)


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
    ) -> None:
        self.pipeline = pipeline
        self.uow_factory = uow_factory
        self.transport = transport
        self.clock = clock
        self.account = account
        self.pacing = pacing or SendPacing()
        self.connection = ConnectionState()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="linli-core")
        self._wakeup = asyncio.Event()
        self._sender: asyncio.Task[None] | None = None
        self._running = False
        # Periodic core jobs (SLA sweeps, scheduled posts), each a function of the time;
        # run by tick(): APScheduler calls it in production, replay after moving its clock.
        self.jobs: list[Callable[[datetime], object]] = []

    async def call(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run a core function on the core's thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(fn, *args, **kwargs))

    # ---- Inbox: what the transport calls -------------------------------------------------

    async def receive(self, message: Inbound) -> None:
        result: Result = await self.call(self.pipeline.handle, message)
        if result.sent:
            self._wakeup.set()

    async def room_seen(self, room_id: str, topic: str) -> None:
        await self.call(self._in_uow, directory.room_seen, room_id, topic)

    async def room_left(self, room_id: str) -> None:
        await self.call(self._in_uow, directory.room_left, room_id)

    async def transport_status(self, online: bool, detail: str = "") -> None:
        state = self.connection
        came_back = online and not state.online and state.was_online
        state.online, state.detail, state.since = online, detail, self.clock.now()
        state.was_online = state.was_online or online
        log.log(logging.INFO if online else logging.WARNING, "transport online=%s %s", online, detail)
        if came_back:
            await self.call(self._tell_staff, f"【邻里】微信连接已恢复，积压消息正在补发。{detail}")
        if online:
            self._wakeup.set()

    def _in_uow(self, fn: Callable[..., object], *args: object) -> None:
        with self.uow_factory() as uow:
            fn(uow, self.account, *args, self.clock.now())
            uow.commit()

    def _tell_staff(self, text: str) -> None:
        now = self.clock.now()
        with self.uow_factory() as uow:
            for person in uow.people.all():
                if person.role >= Role.STAFF and person.id is not None:
                    key = f"{self.account}:status:{now.isoformat()}:{person.id}"
                    uow.outbox.add(
                        OutboxItem(
                            account=self.account,
                            text=text,
                            created_at=now,
                            key=key,
                            person_id=person.id,
                        )
                    )
            uow.commit()

    async def tick(self) -> None:
        """Run every periodic job once at the clock's current time."""
        for job in self.jobs:
            await self.call(job, self.clock.now())
        self._wakeup.set()

    # ---- the outbox sender ----------------------------------------------------------------

    def _claim(self) -> list[Outbound]:
        with self.uow_factory() as uow:
            ready = outbox.claim_due(uow, self.account, self.clock.now(), self.pacing.batch)
            uow.commit()
            return ready

    def _settle(self, item_id: int, error: SendFailed | None) -> None:
        with self.uow_factory() as uow:
            if error is None:
                outbox.mark_sent(uow, item_id, self.clock.now())
            else:
                outbox.mark_failed(
                    uow, item_id, self.clock.now(), error.reason, transient=error.transient
                )
            uow.commit()

    async def deliver_pending(self) -> int:
        """Send everything due now; returns how many were delivered."""
        delivered = 0
        while True:
            batch = await self.call(self._claim)
            if not batch:
                return delivered
            for index, message in enumerate(batch):
                try:
                    await self.transport.send(message)
                except SendFailed as exc:
                    log.warning("send %s failed: %s", message.outbox_id, exc.reason)
                    await self.call(self._settle, message.outbox_id, exc)
                    if exc.transient:
                        # The connection is likely down: hand the rest of the batch back.
                        for rest in batch[index + 1 :]:
                            await self.call(self._settle, rest.outbox_id, exc)
                        return delivered
                    continue
                await self.call(self._settle, message.outbox_id, None)
                delivered += 1
                if self.pacing.min_interval:
                    await asyncio.sleep(self.pacing.min_interval)

    async def _send_forever(self) -> None:
        while self._running:
            try:
                await self.deliver_pending()
            except Exception:  # the sender must outlive any one bad row or hiccup
                log.exception("outbox sender error")
            self._wakeup.clear()
            try:
                await asyncio.wait_for(self._wakeup.wait(), self.pacing.idle_poll)
            except TimeoutError:
                pass

    # ---- lifecycle --------------------------------------------------------------------------

    async def start(self, *, sender: bool = True) -> None:
        with self.uow_factory() as uow:
            released = outbox.release_claimed(uow, self.account, self.clock.now())
            uow.commit()
        if released:
            log.warning("re-queued %d messages claimed before a crash", released)
        await self.transport.start(self)
        self._running = True
        if sender:
            self._sender = asyncio.create_task(self._send_forever(), name="linli-outbox")

    async def stop(self) -> None:
        self._running = False
        self._wakeup.set()
        if self._sender is not None:
            await self._sender
            self._sender = None
        await self.transport.stop()
        self._executor.shutdown(wait=True)
