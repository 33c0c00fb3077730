"""Messages that arrived while the database could not take them, held until it can.

A transport hands over a message once: WeChat does not send it again, so a message the core
could not store (the database restarting, SQLite locked past its busy timeout) would be gone.
Instead it waits here, in arrival order, and is handled again on the next tick or when the
next message arrives; the words are stored and answered once the database is back.
With a journal (bot.runtime.journal) the held messages also survive the process being killed
during the outage: restore() takes them back at start-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from bot.domain.messages import Inbound
from bot.ports import Unavailable
from bot.runtime.journal import HeldJournal

log = logging.getLogger(__name__)

# Far more than a community says during any outage worth waiting out; a bound all the same,
# so a database that never comes back cannot take the process's memory with it.
HOLD_AT_MOST = 10_000


class HeldMessages:
    def __init__(
        self,
        handle: Callable[[Inbound], Awaitable[None]],
        *,
        limit: int = HOLD_AT_MOST,
        journal: HeldJournal | None = None,
    ) -> None:
        self._handle = handle
        self._limit = limit
        self._journal = journal
        self._queue: deque[Inbound] = deque()
        self._lock = asyncio.Lock()

    def __len__(self) -> int:
        return len(self._queue)

    async def receive(self, message: Inbound) -> None:
        """Handle the message now; if the database is away, or older ones still wait, hold it."""
        if not self._queue:
            try:
                await self._handle(message)
                return
            except Unavailable as exc:
                log.warning(
                    "database unavailable (%s); holding message %s", exc, message.message_id
                )
        async with self._lock:
            if len(self._queue) >= self._limit:
                dropped = self._queue.popleft()
                log.error(
                    "%d messages held; dropping the oldest, %s", self._limit, dropped.message_id
                )
                self._journaled_done(dropped)
            if self._journal is not None:
                self._journal.held(message)
            self._queue.append(message)
            await self._drain()

    async def restore(self) -> int:
        """At start-up: what the journal says a killed process still held goes first."""
        if self._journal is None:
            return 0
        async with self._lock:
            pending = self._journal.load()
            self._queue.extendleft(reversed(pending))
        return len(pending)

    async def retry(self) -> None:
        """Handle what is held, oldest first, until the database fails again."""
        if self._queue:
            async with self._lock:
                await self._drain()

    async def _drain(self) -> None:
        while self._queue:
            message = self._queue[0]
            try:
                await self._handle(message)
            except Unavailable:
                return
            except Exception:
                # Not the database: this message fails however often it is tried.
                log.exception("held message %s failed", message.message_id)
            self._journaled_done(self._queue.popleft())
            if not self._queue:
                if self._journal is not None:
                    self._journal.clear()
                log.info("database back; every held message handled")

    def _journaled_done(self, message: Inbound) -> None:
        if self._journal is not None:
            self._journal.done(message.message_id)
