"""Fixtures for the end-to-end tests: the Node peer (a mock WeChat on the real Wechaty
puppet-service protocol), the python-wechaty transport, and the whole bot on SQLite.

Everything waits on events with deadlines; nothing sleeps a fixed time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.ports import Classifier
from bot.transports.wechaty import WechatyTransport
from tests.conftest import migrated_sqlite

from .support import DEADLINE, FAST_BACKOFF, Bot, RecordingInbox, TappedTransport
from .wechaty_peer import DEMO_CONFIG, Peer, World, build_world

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


# --------------------------------------------------------------------------- the transport


@pytest.fixture
def inbox() -> RecordingInbox:
    return RecordingInbox()


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


@pytest.fixture
async def start_bot(
    tmp_path: Path, sqlite_template: Path, classifier: Classifier
) -> AsyncIterator[Callable[[Peer], Awaitable[Bot]]]:
    """Start the whole bot against a peer; stopped at the end of the test.

    Its database is a copy of the migrated template at the default path, and its engine the
    run's shared one (the demo config adds no words, so `make_classifier` would build the same
    engine): migrating and loading the engine cost ~3 s a bot, and these tests are about the
    transport."""
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
        migrated_sqlite(sqlite_template, settings.data_dir / "linli.db")
        transport = TappedTransport.from_settings(
            settings, backoff=FAST_BACKOFF, connect_timeout=2.0, call_timeout=5.0
        )
        linli = build(settings, transport=transport, classifier=classifier)
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
