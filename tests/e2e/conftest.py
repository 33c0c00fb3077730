"""Fixtures for the end-to-end tests: the Node peer (a mock WeChat on the real Wechaty
puppet-service protocol), the python-wechaty transport, and the whole bot on SQLite.

Everything waits on events with deadlines; nothing sleeps a fixed time.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# The peer controller sits next to this file; make it importable however pytest imports us.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from wechaty_peer import DEMO_CONFIG, Peer, World, build_world

from bot.domain.messages import Inbound
from bot.transports.wechaty_transport import Backoff, WechatyTransport

DEADLINE = 15.0  # seconds any single expected thing may take before the test fails


# --------------------------------------------------------------------------- the peer


@pytest.fixture(scope="session")
def world() -> World:
    return build_world(DEMO_CONFIG)


@pytest.fixture(scope="session")
def peer(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Peer]:
    """One peer for the tests that do not change the world (no renames, no kills)."""
    p = Peer(world, tmp_path_factory.mktemp("peer"))
    p.start()
    yield p
    p.stop()


@pytest.fixture
def make_peer(
    world: World, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Peer]]:
    """Start private peers (for tests that rename rooms or kill the gateway)."""
    started: list[Peer] = []

    def make(*, port: int | None = None, token: str | None = None) -> Peer:
        p = Peer(world, tmp_path_factory.mktemp("peer"), port=port, token=token)
        started.append(p)
        p.start()
        return p

    yield make
    for p in started:
        p.stop()


# --------------------------------------------------------------------------- a recording inbox


@dataclass
class RecordingInbox:
    """An `Inbox` that remembers everything, for the transport-level tests."""

    messages: list[Inbound] = field(default_factory=list)
    rooms_seen: list[tuple[str, str]] = field(default_factory=list)
    rooms_left: list[str] = field(default_factory=list)
    statuses: list[tuple[bool, str]] = field(default_factory=list)
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

    async def transport_status(self, online: bool, detail: str = "") -> None:
        self.statuses.append((online, detail))
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

    async def transport_status(self, online: bool, detail: str = "") -> None:
        await self.inner.transport_status(online, detail)
        await super().transport_status(online, detail)


class TappedTransport(WechatyTransport):
    tap: TappedInbox

    async def start(self, inbox: Any) -> None:
        self.tap = TappedInbox(inner=inbox)
        await super().start(self.tap)


@pytest.fixture
def inbox() -> RecordingInbox:
    return RecordingInbox()


FAST_BACKOFF = Backoff(initial=0.05, maximum=0.5)


@pytest.fixture
async def transports(tmp_path: Path) -> AsyncIterator[Callable[..., WechatyTransport]]:
    """Make WechatyTransports with a fast backoff; every one is stopped at the end."""
    made: list[WechatyTransport] = []

    def make(peer: Peer, *, token: str | None = None, **options: Any) -> WechatyTransport:
        options.setdefault("backoff", FAST_BACKOFF)
        options.setdefault("connect_timeout", 2.0)
        options.setdefault("call_timeout", 5.0)
        t = WechatyTransport(
            token or peer.token, peer.endpoint, cache_dir=tmp_path / "wechaty-cache", **options
        )
        made.append(t)
        return t

    yield make
    for t in made:
        await t.stop()


@pytest.fixture
async def connected(
    peer: Peer, inbox: RecordingInbox, transports: Callable[..., WechatyTransport]
) -> WechatyTransport:
    """A transport logged in to the session peer, reporting into `inbox`."""
    t = transports(peer)
    await t.start(inbox)
    async with asyncio.timeout(DEADLINE):
        await t.wait_logged_in()
    return t


# --------------------------------------------------------------------------- the whole bot


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


@pytest.fixture
async def start_bot(tmp_path: Path) -> AsyncIterator[Callable[[Peer], Awaitable[Bot]]]:
    """Start the whole bot against a peer; stopped at the end of the test."""
    from bot.bootstrap import build
    from bot.settings import Settings

    bots: list[Bot] = []

    async def start(peer: Peer) -> Bot:
        settings = Settings(
            data_dir=tmp_path / f"data{len(bots)}",
            config=DEMO_CONFIG,
            console_enabled=False,
            wechaty_token=peer.token,
            wechaty_endpoint=peer.endpoint,
        )
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        transport = TappedTransport.from_settings(
            settings, backoff=FAST_BACKOFF, connect_timeout=2.0, call_timeout=5.0
        )
        linli = build(settings, transport=transport)
        # Poll the outbox briskly: the e2e deadlines are seconds, production's are not.
        linli.runtime.pacing.idle_poll = 0.2
        bot = Bot(linli, transport, peer)
        bots.append(bot)
        await linli.runtime.start()
        async with asyncio.timeout(DEADLINE):
            await transport.wait_logged_in()
        return bot

    yield start
    for bot in bots:
        await bot.runtime.stop()
        bot.linli.close()


@pytest.fixture(autouse=True)
def _quiet_wechaty_logs() -> None:
    # python-wechaty's own loggers do not propagate; ours are enough in a failure report.
    logging.getLogger("linli.transport.wechaty").setLevel(logging.INFO)
