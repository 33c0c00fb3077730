"""The outbox sender: claim one due message, send it, settle it, paced as configured.

One message at a time: choose (the pacer), wait if it says so, mark the row in flight
(committed), hand it to the transport, mark it sent (committed). A crash therefore leaves
at most one row in doubt, which bot.runtime.recovery settles on the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.domain.pacing import DailyQuota, Pacer, RateLimits
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
from bot.runtime.outbox_rows import OutboxRows
from bot.runtime.settling import Outcome, OutcomeWriter, Step
from bot.runtime.status import ConnectionState

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


class OutboxSender:
    """Sends one account's outbox, one message at a time: started, woken and stopped by the
    runtime; the rows are read and written by OutboxRows, outcomes settled by OutcomeWriter."""

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
        self.echoes = echoes
        self.transport = transport
        self.clock = clock
        # Shared, not copied: the owner may tune it (e.g. idle_poll) while the sender runs.
        self.pacing = pacing
        self.connection = connection
        self.pacer = Pacer(pacing.limits, random.Random(pacing.seed))
        self.quota = DailyQuota(pacing.limits.per_day, tz or ZoneInfo("Asia/Shanghai"), BULK)
        self.rows = OutboxRows(uow_factory, clock, account, media)
        self.outcomes = OutcomeWriter(
            core=core, rows=self.rows, echoes=echoes, pacer=self.pacer, clock=clock
        )
        # How the sender waits when the pacer says "not yet": a real, stoppable sleep in
        # production; tests inject one that moves their virtual clock instead.
        self._sleep = sleep or self._stoppable_sleep
        self._stopping = asyncio.Event()
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # ---- what the runtime tells the sender ---------------------------------------------------

    def wake(self) -> None:
        """Something may be due now (a reply queued, a job ran): look without waiting."""
        self._wakeup.set()

    async def resume(self) -> None:
        """The transport is online: messages waiting out a failure from the outage may go
        now, paced as usual."""
        self.pacer.release()
        await self.core.call(self.rows.retry_now)
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
            if step in (Step.IDLE, Step.OFFLINE):
                break
            if step is Step.SENT:
                delivered += 1
        return delivered

    async def _send_next(self) -> Step:
        now = self.clock.now()
        # While the transport says it is down, claim nothing: an outage must not burn
        # every message's attempts; resume() wakes the sender again.
        if not await self.outcomes.settle_unsettled():
            return Step.OFFLINE
        if not self.connection.online or self.pacer.held(now):
            return Step.OFFLINE
        await self.echoes.due()  # held sends whose grace ran out become due again
        candidates = await self.core.call(self.rows.candidates, now, self.pacing.window)
        if self.quota.limit and candidates:
            if not self.quota.known(now):  # once a day (and after a restart): from the rows
                midnight = self.quota.midnight(now)
                self.quota.load(now, await self.core.call(self.rows.sent_since, midnight))
            # Today's limit reached: bulk posts wait for tomorrow (the idle loop looks again;
            # past midnight the count starts over), urgent messages still go.
            candidates = [c for c in candidates if self.quota.allows(c.priority, now)]
        choice = self.pacer.choose(candidates, now)
        if choice is None:
            return Step.IDLE
        if choice.at > now:
            await self._sleep((choice.at - now).total_seconds())
            return Step.WAITED
        candidate = choice.candidate
        message = await self.core.call(self.rows.claim, candidate.id)
        if message is None:
            return Step.SKIPPED
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
            return await self.outcomes.conclude(Outcome(candidate.id, error))
        except Unavailable:
            return Step.OFFLINE  # the outcome waits in memory (OutcomeWriter)

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
