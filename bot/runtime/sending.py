"""The outbox sender: claim one due message, send it, settle it, paced as configured.

One message at a time: choose (the pacer), wait if it says so, mark the row in flight
(committed), hand it to the transport, mark it sent (committed). A crash therefore leaves
at most one row in doubt, which bot.runtime.recovery settles on the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.messages import Outbound
from bot.domain.pacing import Candidate, DailyQuota, Pacer, RateLimits
from bot.domain.records import BULK
from bot.ports import (
    BlobStore,
    Clock,
    SendFailed,
    Transport,
    Unavailable,
    UnitOfWorkFactory,
)
from bot.runtime.core import CoreThread
from bot.runtime.echoes import EchoWatch
from bot.runtime.status import ConnectionState
from bot.services import outbox

log = logging.getLogger(__name__)


@dataclass
class SendPacing:
    """How the outbox sender paces itself. Limits are off by default (tests, replay, the
    simulator); `linli run` on WeChat turns on the community config's [sending] limits."""

    limits: RateLimits = field(default_factory=RateLimits.off)
    window: int = 100  # due messages the pacer chooses among
    idle_poll: float = 1.0  # seconds between looks at an idle outbox (scheduled posts)
    resend_uncertain: bool = False  # after a crash, resend a message nobody can vouch for
    seed: int | None = None  # for the jitter; fixed in tests
    # A send whose outcome is unknown waits this long (from reconnection) for the puppet's
    # echo before it is resent; 0 resends at once (bot.runtime.echoes).
    echo_grace: float = 0.0
    echo_window: float = 120.0  # seconds after the hand-over an echo may be stamped


class _Step(enum.Enum):
    IDLE = "idle"  # nothing due
    SENT = "sent"
    FAILED = "failed"  # permanently; the sender moves on
    OFFLINE = "offline"  # a transient failure: the sender holds until the backoff or online
    WAITED = "waited"  # the pacer asked for a pause, taken
    SKIPPED = "skipped"  # the row was no longer pending (withdrawn)


@dataclass(frozen=True)
class _Outcome:
    """What became of one handed-over row: delivered (error None) or how it failed."""

    item_id: int
    error: SendFailed | None


class OutboxSender:
    def __init__(
        self,
        *,
        core: CoreThread,
        uow_factory: UnitOfWorkFactory,
        transport: Transport,
        clock: Clock,
        account: str,
        pacing: SendPacing,
        connection: ConnectionState,
        echoes: EchoWatch,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        tz: ZoneInfo | None = None,
        media: BlobStore | None = None,
    ) -> None:
        self.core = core
        # Where a photo row's file is read (None: such rows fail, said why).
        self.media = media
        self.echoes = echoes
        self.uow_factory = uow_factory
        self.transport = transport
        self.clock = clock
        self.account = account
        # Shared, not copied: the owner may tune it (e.g. idle_poll) while the sender runs.
        self.pacing = pacing
        self.connection = connection
        self.pacer = Pacer(pacing.limits, random.Random(pacing.seed))
        self.quota = DailyQuota(pacing.limits.per_day, tz or ZoneInfo("Asia/Shanghai"), BULK)
        # How the sender waits when the pacer says "not yet": a real, stoppable sleep in
        # production; tests inject one that moves their virtual clock instead.
        self._sleep = sleep or self._stoppable_sleep
        self._stopping = asyncio.Event()
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # A send whose outcome the database could not take yet (see _conclude).
        self._unsettled: _Outcome | None = None

    # ---- what the runtime tells the sender ---------------------------------------------------

    def wake(self) -> None:
        """Something may be due now (a reply queued, a job ran): look without waiting."""
        self._wakeup.set()

    async def resume(self) -> None:
        """The transport is online: messages waiting out a failure from the outage may go
        now, paced as usual."""
        self.pacer.release()
        await self.core.call(self._retry_now)
        self._wakeup.set()

    def ready(self) -> None:
        """Before a start: a sender stopped earlier may deliver again."""
        self._stopping.clear()

    def run_in_background(self) -> None:
        self._task = asyncio.create_task(self._send_forever(), name="linli-outbox")

    async def stop(self) -> None:
        """Stop after the message under way (if any) is settled."""
        self._stopping.set()
        self._wakeup.set()
        if self._task is not None:
            await self._task
            self._task = None

    # ---- sending --------------------------------------------------------------------------

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

    async def _send_next(self) -> _Step:
        now = self.clock.now()
        # While the transport says it is down, claim nothing: an outage must not burn
        # every message's attempts; resume() wakes the sender again.
        if not await self._settle_unsettled():
            return _Step.OFFLINE
        if not self.connection.online or self.pacer.held(now):
            return _Step.OFFLINE
        await self.echoes.due()  # held sends whose grace ran out become due again
        candidates = await self.core.call(self._candidates, now)
        if self.quota.limit and candidates:
            if not self.quota.known(now):  # once a day (and after a restart): from the rows
                self.quota.load(now, await self.core.call(self._sent_today, now))
            # Today's limit reached: bulk posts wait for tomorrow (the idle loop looks again;
            # past midnight the count starts over), urgent messages still go.
            candidates = [c for c in candidates if self.quota.allows(c.priority, now)]
        choice = self.pacer.choose(candidates, now)
        if choice is None:
            return _Step.IDLE
        if choice.at > now:
            await self._sleep((choice.at - now).total_seconds())
            return _Step.WAITED
        candidate = choice.candidate
        message = await self.core.call(self._claim, candidate.id)
        if message is None:
            return _Step.SKIPPED
        try:
            await self.transport.send(message)
        except SendFailed as exc:
            error: SendFailed | None = exc
        except Exception as exc:  # a transport bug must not leave the row in flight
            log.exception("transport raised on outbox row %s", candidate.id)
            error = SendFailed(f"{type(exc).__name__}: {exc}", transient=True)
        else:
            error = None
            self.quota.count(self.clock.now())
        if error is not None:
            log.warning("send %s failed: %s", candidate.id, error.reason)
        self.pacer.sent(candidate.conversation, self.clock.now())  # WeChat saw the attempt
        try:
            return await self._conclude(_Outcome(candidate.id, error))
        except Unavailable:
            return _Step.OFFLINE  # the outcome waits in memory (_settle_unsettled)

    async def _settle_unsettled(self) -> bool:
        """Write the outcome a database outage kept from being written; False while the
        database is still away (the sender then sends nothing: one row in doubt at most)."""
        outcome = self._unsettled
        if outcome is None:
            return True
        try:
            await self._conclude(outcome)
        except Unavailable:
            return False
        return True

    async def _conclude(self, outcome: _Outcome) -> _Step:
        """Settle a send in the database. When the database is away the outcome is kept in
        memory and written once it is back (_settle_unsettled): otherwise the row would stay
        in flight until a restart, whose recovery would call a delivered message uncertain
        and never send a failed one (fault9)."""
        self._unsettled = outcome
        try:
            step = await self._write_outcome(outcome)
        except Unavailable as exc:
            log.warning(
                "outbox row %s: outcome kept until the database is back (%s)", outcome.item_id, exc
            )
            raise
        self._unsettled = None
        return step

    async def _write_outcome(self, outcome: _Outcome) -> _Step:
        item_id, error = outcome.item_id, outcome.error
        if error is None:
            await self.core.call(self._settle, item_id, None)
            return _Step.SENT
        if error.maybe_delivered and await self.echoes.hold(item_id, error.reason):
            # Its echo may confirm it; meanwhile hold the rest as for any transient failure.
            self.pacer.hold(self.clock.now() + outbox.retry_delay(1))
            return _Step.OFFLINE
        retry_at = await self.core.call(self._settle, item_id, error)
        if error.transient:
            # Most likely the connection: hold everything until the backoff or until the
            # transport reports it is back, rather than burning every row's attempts.
            self.pacer.hold(retry_at or self.clock.now())
            return _Step.OFFLINE
        return _Step.FAILED

    async def _send_forever(self) -> None:
        while not self._stopping.is_set():
            self._wakeup.clear()
            try:
                await self.deliver_pending()
            except Unavailable as exc:  # an outage: one line per poll, no traceback
                log.warning("outbox sender: database unavailable (%s)", exc)
            except Exception:  # the sender must outlive any one bad row or hiccup
                log.exception("outbox sender error")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self.pacing.idle_poll)

    async def _stoppable_sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    # ---- on the core's thread: one short transaction each -----------------------------------

    def _candidates(self, now: datetime) -> list[Candidate]:
        with self.uow_factory() as uow:
            return outbox.candidates(uow, self.account, now, self.pacing.window)

    def _sent_today(self, now: datetime) -> int:
        with self.uow_factory() as uow:
            return uow.sending.sent_since(self.account, self.quota.midnight(now))

    def _claim(self, item_id: int) -> Outbound | None:
        with self.uow_factory() as uow:
            message = outbox.claim(uow, item_id, self.clock.now(), self.media)
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

    def _retry_now(self) -> int:
        with self.uow_factory() as uow:
            count = outbox.retry_now(uow, self.account, self.clock.now())
            uow.commit()
            return count
