"""The running bot: a transport on one side, the core on the other, the outbox in between.

The core is synchronous (plain SQLAlchemy, fast on SQLite); it runs on one worker thread
so the event loop stays free for the transport and the console, and writes never contend.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import random
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TypeVar

from bot.chat.pipeline import Pipeline, Result
from bot.domain.community import Role
from bot.domain.messages import Inbound, Outbound
from bot.domain.pacing import Candidate, Pacer, RateLimits
from bot.domain.records import OutboxItem
from bot.ports import Clock, DeliveryRecord, SendFailed, Transport, UnitOfWorkFactory
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
    """How the outbox sender paces itself. Limits are off by default (tests, replay, the
    simulator); `linli run` on WeChat turns on the community config's [sending] limits."""

    limits: RateLimits = field(default_factory=RateLimits.off)
    window: int = 100  # due messages the pacer chooses among
    idle_poll: float = 1.0  # seconds between looks at an idle outbox (scheduled posts)
    resend_uncertain: bool = False  # after a crash, resend a message nobody can vouch for
    seed: int | None = None  # for the jitter; fixed in tests


class _Step(enum.Enum):
    IDLE = "idle"  # nothing due
    SENT = "sent"
    FAILED = "failed"  # permanently; the sender moves on
    OFFLINE = "offline"  # a transient failure: the sender holds until the backoff or online
    WAITED = "waited"  # the pacer asked for a pause, taken
    SKIPPED = "skipped"  # the row was no longer pending (withdrawn)


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
        self.pacer = Pacer(self.pacing.limits, random.Random(self.pacing.seed))
        # How the sender waits when the pacer says "not yet": a real, stoppable sleep in
        # production; tests inject one that moves their virtual clock instead.
        self._sleep = sleep or self._stoppable_sleep
        self._stopping = asyncio.Event()
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
        log.log(
            logging.INFO if online else logging.WARNING, "transport online=%s %s", online, detail
        )
        if came_back:
            await self.call(self._tell_staff, f"【邻里】微信连接已恢复，积压消息正在补发。{detail}")
        if online:
            # Messages waiting out a failure from the outage may go now, paced as usual.
            self.pacer.release()
            await self.call(self._in_uow_plain, outbox.retry_now, self.account)
            self._wakeup.set()

    def _in_uow(self, fn: Callable[..., object], *args: object) -> None:
        with self.uow_factory() as uow:
            fn(uow, self.account, *args, self.clock.now())
            uow.commit()

    def _in_uow_plain(self, fn: Callable[..., object], *args: object) -> object:
        with self.uow_factory() as uow:
            result = fn(uow, *args, self.clock.now())
            uow.commit()
            return result

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
    #
    # One message at a time: choose (the pacer), wait if it says so, mark the row in flight
    # (committed), hand it to the transport, mark it sent (committed). A crash therefore leaves
    # at most one row in doubt, which start() settles (see services.outbox.recover).

    def _candidates(self, now: datetime) -> list[Candidate]:
        with self.uow_factory() as uow:
            return outbox.candidates(uow, self.account, now, self.pacing.window)

    def _claim(self, item_id: int) -> Outbound | None:
        with self.uow_factory() as uow:
            message = outbox.claim(uow, item_id, self.clock.now())
            uow.commit()
            return message

    def _settle(self, item_id: int, error: SendFailed | None) -> datetime | None:
        with self.uow_factory() as uow:
            retry_at = None
            if error is None:
                outbox.mark_sent(uow, item_id, self.clock.now())
            else:
                retry_at = outbox.mark_failed(
                    uow, item_id, self.clock.now(), error.reason, transient=error.transient
                )
            uow.commit()
            return retry_at

    async def _send_next(self) -> _Step:
        now = self.clock.now()
        # While the transport says it is down, claim nothing: an outage must not burn
        # every message's attempts; transport_status(True) wakes the sender again.
        if not self.connection.online or self.pacer.held(now):
            return _Step.OFFLINE
        choice = self.pacer.choose(await self.call(self._candidates, now), now)
        if choice is None:
            return _Step.IDLE
        if choice.at > now:
            await self._sleep((choice.at - now).total_seconds())
            return _Step.WAITED
        candidate = choice.candidate
        message = await self.call(self._claim, candidate.id)
        if message is None:
            return _Step.SKIPPED
        try:
            await self.transport.send(message)
        except SendFailed as exc:
            error = exc
        except Exception as exc:  # a transport bug must not leave the row in flight
            log.exception("transport raised on outbox row %s", candidate.id)
            error = SendFailed(f"{type(exc).__name__}: {exc}", transient=True)
        else:
            await self.call(self._settle, candidate.id, None)
            self.pacer.sent(candidate.conversation, self.clock.now())
            return _Step.SENT
        log.warning("send %s failed: %s", candidate.id, error.reason)
        retry_at = await self.call(self._settle, candidate.id, error)
        self.pacer.sent(candidate.conversation, self.clock.now())  # WeChat saw the attempt
        if error.transient:
            # Most likely the connection: hold everything until the backoff or until the
            # transport reports it is back, rather than burning every row's attempts.
            self.pacer.hold(retry_at or self.clock.now())
            return _Step.OFFLINE
        return _Step.FAILED

    async def deliver_pending(self) -> int:
        """Send everything due now, pacing as configured; returns how many were delivered.

        Returns early when the transport fails transiently (the connection is likely down).
        """
        delivered = 0
        while not self._stopping.is_set():
            step = await self._send_next()
            if step in (_Step.IDLE, _Step.OFFLINE):
                break
            if step is _Step.SENT:
                delivered += 1
        return delivered

    async def _stoppable_sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _send_forever(self) -> None:
        while self._running:
            self._wakeup.clear()
            try:
                await self.deliver_pending()
            except Exception:  # the sender must outlive any one bad row or hiccup
                log.exception("outbox sender error")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self.pacing.idle_poll)

    # ---- lifecycle --------------------------------------------------------------------------

    async def recover(self) -> outbox.Recovery:
        """Settle messages a crashed process left in flight, asking the transport if it can."""
        keys = await self.call(self._in_flight_keys)
        delivered: set[str] | None = None
        record = self.transport if isinstance(self.transport, DeliveryRecord) else None
        if keys and record is not None and callable(getattr(record, "delivered", None)):
            delivered = await record.delivered(keys)
        result: outbox.Recovery = await self.call(self._recover, delivered)
        if keys:
            log.warning(
                "recovered %d in-flight messages: %d already delivered, %d re-queued, "
                "%d uncertain (not resent)",
                len(keys),
                result.confirmed,
                result.requeued,
                result.uncertain,
            )
        return result

    def _in_flight_keys(self) -> list[str]:
        with self.uow_factory() as uow:
            return outbox.in_flight_keys(uow, self.account)

    def _recover(self, delivered: set[str] | None) -> outbox.Recovery:
        with self.uow_factory() as uow:
            result = outbox.recover(
                uow,
                self.account,
                delivered,
                self.clock.now(),
                resend_uncertain=self.pacing.resend_uncertain,
            )
            uow.commit()
            return result

    async def start(self, *, sender: bool = True) -> None:
        self._stopping.clear()
        await self.recover()
        await self.transport.start(self)
        self._running = True
        if sender:
            self._sender = asyncio.create_task(self._send_forever(), name="linli-outbox")

    async def stop(self) -> None:
        self._running = False
        self._stopping.set()
        self._wakeup.set()
        if self._sender is not None:
            await self._sender
            self._sender = None
        await self.transport.stop()
        self._executor.shutdown(wait=True)
