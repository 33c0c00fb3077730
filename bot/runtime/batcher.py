"""Arrivals handled in groups, made durable by one commit (group commit, issue 15 §3).

On PostgreSQL every message's COMMIT waited for the disk's flush: a few hundred a second on
an ordinary disk, whatever the CPU could do. Messages that arrive while the core is busy now
queue here and are taken together when it is free (no timer: a lone message goes at once,
as before). The core handles them one after another exactly as it would have, each in its
own transaction, but their COMMITs do not wait for the disk (storage.durability); then one
synchronous commit makes all of them durable, on a thread of its own while the core goes on
with the next group. Only then is any of them answered: the caller's await returns and the
outbox sender is woken (and a reply it sends is claimed by a durable commit, which would
flush the group's messages first anyway).

Semantics are those of one message at a time: arrival order is handling order (replies stay
ordered per chat), a message's failure is its own (its exception goes to its caller, the
others are stored and answered), a group of one commits durably with no flush at all.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from bot.chat.outcome import Result
from bot.domain.messages import Inbound
from bot.ports import GroupCommit
from bot.runtime.core import CoreThread

log = logging.getLogger(__name__)

# At most this many messages in one group: the first of them waits for all the others to
# be handled before it is answered (about a millisecond each).
MAX_GROUP = 32

Outcome = Result | BaseException


@dataclass
class GroupStats:
    """What the batcher did (bench/pipeline.py reports it)."""

    sizes: list[int] = field(default_factory=list)  # messages per group handled
    flushes: int = 0  # durable commits made for groups


class ArrivalBatcher:
    def __init__(
        self,
        *,
        core: CoreThread,
        handle: Callable[[Inbound], Result],
        commits: GroupCommit | None,
        max_group: int = MAX_GROUP,
    ) -> None:
        self._core = core
        self._handle = handle
        self._commits = commits
        self._max_group = max_group
        self._queue: deque[tuple[Inbound, asyncio.Future[Result]]] = deque()
        self._worker: asyncio.Task[None] | None = None
        # Flushes one after another, off the core's thread (each needs only a connection).
        self._flusher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="linli-flush")
        self._released: asyncio.Future[None] | None = None  # the last group's answers
        self.stats = GroupStats()

    async def handle(self, message: Inbound) -> Result:
        """Handle the message in the next group; return (or raise) once it is durable."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._queue.append((message, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work(), name="linli-arrivals")
        return await future

    async def _work(self) -> None:
        while self._queue:
            taken = [self._queue.popleft() for _ in range(min(self._max_group, len(self._queue)))]
            messages = [message for message, _ in taken]
            try:
                outcomes, deferred = await self._core.call(self._run, messages)
            except asyncio.CancelledError:
                for _, future in taken:
                    future.cancel()
                raise
            except Exception as exc:  # the core's thread is gone (shutdown)
                outcomes, deferred = [exc] * len(taken), False
            self.stats.sizes.append(len(taken))
            futures = [future for _, future in taken]
            previous = self._released
            if not deferred and (previous is None or previous.done()):
                _settle(futures, outcomes)  # durable already, nothing earlier unanswered
                continue
            released = asyncio.get_running_loop().create_future()
            self._released = released
            # Answered once durable, and never before an earlier group (the release waits for
            # it); the core goes on with the next group meanwhile.
            task = asyncio.create_task(self._release(futures, outcomes, deferred, previous))
            task.add_done_callback(partial(_mark, released))

    def _run(self, messages: Sequence[Inbound]) -> tuple[list[Outcome], bool]:
        """On the core's thread: each message as Pipeline.handle would, in arrival order.
        Returns the outcomes and whether a flush must follow before they are answered."""
        if len(messages) == 1 or self._commits is None:
            return [self._one(message) for message in messages], False
        with self._commits.deferred_commits() as group:
            outcomes = [self._one(message) for message in messages]
        return outcomes, group.deferred > 0

    def _one(self, message: Inbound) -> Outcome:
        try:
            return self._handle(message)
        except Exception as exc:  # this message's own failure, handed to its caller
            return exc

    async def _release(
        self,
        futures: list[asyncio.Future[Result]],
        outcomes: list[Outcome],
        deferred: bool,
        previous: asyncio.Future[None] | None,
    ) -> None:
        if deferred:
            assert self._commits is not None
            try:
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(self._flusher, self._commits.flush_commits)
                self.stats.flushes += 1
            except Exception as exc:
                # Not known to be durable: every message of the group is told so (the runtime
                # holds them and handles them again; one already stored is then a duplicate).
                log.warning("group commit of %d messages failed: %s", len(futures), exc)
                outcomes = [exc if isinstance(o, Result) else o for o in outcomes]
        if previous is not None:
            await previous
        _settle(futures, outcomes)

    def shutdown(self) -> None:
        self._flusher.shutdown(wait=True)


def _mark(released: asyncio.Future[None], _task: object) -> None:
    released.set_result(None)


def _settle(futures: list[asyncio.Future[Result]], outcomes: list[Outcome]) -> None:
    for future, outcome in zip(futures, outcomes, strict=True):
        if future.done():  # the caller gave up waiting (cancelled)
            continue
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
