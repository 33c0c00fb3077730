"""Sends whose outcome is unknown, held for the puppet's echo instead of resent at once.

The sender hands a row over; the connection drops (or the call times out) before the
answer comes back, so nobody knows whether WeChat got it. With a grace period configured
(SendPacing.echo_grace > 0) the row is held (bot.services.echoes): an echo of it — the
bot's own message, reported back by the puppet — confirms it; when the grace runs out
(counted from the moment the connection is back) it is resent as any transient failure.

Echoes are kept in memory for a while, because one may arrive before the send's failure
does (it travels on the event stream, the answer on the call). The database is touched only
while some row is held; the echo of every ordinary send costs nothing more.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime, timedelta

from bot.domain.echo import Echo
from bot.ports import Clock, UnitOfWorkFactory
from bot.runtime.core import CoreThread
from bot.services import echoes

log = logging.getLogger(__name__)

RECENT = 256  # echoes remembered: far more than are sent in one echo window


class EchoWatch:
    def __init__(
        self,
        *,
        core: CoreThread,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        account: str,
        grace: float,
        window: float,
    ) -> None:
        self.core = core
        self.uow_factory = uow_factory
        self.clock = clock
        self.account = account
        self.grace = grace  # seconds; 0 turns holding off (resend at once, as before)
        self.window = window  # seconds after the hand-over an echo may be stamped
        self._recent: deque[Echo] = deque(maxlen=RECENT)
        # The earliest deadline of the rows this process holds; None when it holds none.
        self._next_deadline: datetime | None = None
        # When the connection went down (None while it is up): the grace does not run then.
        self._down_since: datetime | None = None

    @property
    def holding(self) -> bool:
        return self._next_deadline is not None

    # ---- what the sender and the runtime tell it ----------------------------------------

    async def hold(self, item_id: int, reason: str) -> bool:
        """A send may have gone out: hold the row for its echo. False when holding is off
        (or the row is gone); the caller then treats it as an ordinary transient failure."""
        if self.grace <= 0:
            return False
        deadline = self.clock.now() + timedelta(seconds=self.grace)
        held: bool = await self.core.call(self._hold, item_id, reason, deadline)
        if held:
            log.warning("outbox row %s may have been delivered: waiting for its echo", item_id)
            self._next_deadline = min(filter(None, (self._next_deadline, deadline)))
            await self.settle(expire=False)  # its echo may have come already
        return held

    async def seen(self, echo: Echo) -> None:
        """The bot's own message came back from the puppet."""
        self._recent.append(echo)
        if self.holding:
            await self.settle(expire=False)

    def disconnected(self) -> None:
        """The connection is down: an echo cannot arrive (puppet-service keeps no events for
        a client that is away), so the held rows' grace stops running until it is back."""
        if self._down_since is None:
            self._down_since = self.clock.now()

    async def reconnected(self) -> None:
        """The connection is back: every held row's deadline moves on by the outage, so
        each waits `grace` seconds of connection for its echo, and a connection flapping
        faster than the grace cannot hold a row for ever (fault9)."""
        down, self._down_since = self._down_since, None
        if not self.holding:
            return
        now = self.clock.now()
        if down is None:  # no outage seen (a first connection): the grace starts now
            await self.core.call(self._extend, now + timedelta(seconds=self.grace))
        else:
            await self.core.call(self._postpone, now - down)
        await self.settle(expire=False)

    async def due(self) -> int:
        """Requeue the held rows whose grace ran out (the sender asks while online); returns
        how many went back to the queue."""
        if self._next_deadline is None or self.clock.now() < self._next_deadline:
            return 0
        return (await self.settle()).released

    async def settle(self, *, expire: bool = True) -> echoes.Settled:
        result: echoes.Settled = await self.core.call(self._settle, list(self._recent), expire)
        self._next_deadline = result.next_deadline
        used = set(result.echoes)
        if used:
            # An echo confirms one row only, also across later settlements.
            kept = [e for e in self._recent if e.message_id not in used]
            self._recent = deque(kept, maxlen=RECENT)
        if result.confirmed:
            log.warning("outbox rows %s confirmed by their echo: not resent", result.confirmed)
        if result.released:
            log.warning("%d held outbox rows saw no echo in time: resending", result.released)
        return result

    # ---- on the core's thread ------------------------------------------------------------

    def _hold(self, item_id: int, reason: str, deadline: datetime) -> bool:
        with self.uow_factory() as uow:
            held = echoes.hold(uow, item_id, reason, deadline)
            uow.commit()
            return held

    def _extend(self, deadline: datetime) -> None:
        with self.uow_factory() as uow:
            echoes.extend(uow, self.account, deadline)
            uow.commit()

    def _postpone(self, outage: timedelta) -> None:
        with self.uow_factory() as uow:
            echoes.postpone(uow, self.account, outage)
            uow.commit()

    def _settle(self, recent: list[Echo], expire: bool) -> echoes.Settled:
        with self.uow_factory() as uow:
            result = echoes.settle(
                uow,
                self.account,
                recent,
                self.clock.now(),
                timedelta(seconds=self.window),
                expire=expire,
            )
            uow.commit()
            return result
