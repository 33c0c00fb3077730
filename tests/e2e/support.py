"""Helpers shared by the end-to-end tests: a recording inbox, a tap between the transport and
the real runtime, and the handle on a running bot. Fixtures live in conftest.py."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.domain.accounts import LinkState
from bot.domain.echo import Echo
from bot.domain.messages import Inbound
from bot.transports.wechaty import Backoff, WechatyTransport

from .wechaty_peer import Peer

DEADLINE = 15.0  # seconds any single expected thing may take before the test fails
FAST_BACKOFF = Backoff(initial=0.05, maximum=0.5)


@dataclass
class RecordingInbox:
    """An `Inbox` that remembers everything, for the transport-level tests."""

    messages: list[Inbound] = field(default_factory=list)
    rooms_seen: list[tuple[str, str]] = field(default_factory=list)
    rooms_left: list[str] = field(default_factory=list)
    statuses: list[tuple[bool, str]] = field(default_factory=list)
    states: list[LinkState | None] = field(default_factory=list)
    echoes: list[Echo] = field(default_factory=list)
    contacts: list[list[str]] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def receive(self, message: Inbound) -> None:
        self.messages.append(message)
        self._changed.set()

    async def room_seen(self, room_id: str, topic: str) -> None:
        self.rooms_seen.append((room_id, topic))
        self._changed.set()

    async def room_left(self, room_id: str) -> None:
        self.rooms_left.append(room_id)
        self._changed.set()

    async def transport_status(
        self, online: bool, detail: str = "", state: LinkState | None = None
    ) -> None:
        self.statuses.append((online, detail))
        self.states.append(state)
        self._changed.set()

    async def echoed(self, echo: Echo) -> None:
        self.echoes.append(echo)
        self._changed.set()

    async def contacts_seen(self, wechat_ids: Sequence[str]) -> None:
        self.contacts.append(list(wechat_ids))
        self._changed.set()

    async def until(self, check: Callable[[], Any], within: float = DEADLINE) -> Any:
        """Wait until `check()` returns something truthy; return it."""
        async with asyncio.timeout(within):
            while not (result := check()):
                self._changed.clear()
                await self._changed.wait()
            return result


@dataclass
class TappedInbox(RecordingInbox):
    """Forwards to the real inbox (the runtime), then records: a test can await what the
    transport reported, knowing the core has already handled it."""

    inner: Any = None

    async def receive(self, message: Inbound) -> None:
        await self.inner.receive(message)
        await super().receive(message)

    async def room_seen(self, room_id: str, topic: str) -> None:
        await self.inner.room_seen(room_id, topic)
        await super().room_seen(room_id, topic)

    async def room_left(self, room_id: str) -> None:
        await self.inner.room_left(room_id)
        await super().room_left(room_id)

    async def transport_status(
        self, online: bool, detail: str = "", state: LinkState | None = None
    ) -> None:
        await self.inner.transport_status(online, detail, state)
        await super().transport_status(online, detail, state)

    async def echoed(self, echo: Echo) -> None:
        await self.inner.echoed(echo)
        await super().echoed(echo)


class TappedTransport(WechatyTransport):
    tap: TappedInbox

    async def start(self, inbox: Any) -> None:
        self.tap = TappedInbox(inner=inbox)
        await super().start(self.tap)


@dataclass
class Bot:
    """The real bot (core + SQLite + outbox sender) on the python-wechaty transport."""

    linli: Any  # bot.bootstrap.Linli
    transport: TappedTransport
    peer: Peer

    @property
    def runtime(self) -> Any:
        return self.linli.runtime

    @property
    def tap(self) -> TappedInbox:
        """What the transport reported to the core, recorded after the core handled it."""
        return self.transport.tap
