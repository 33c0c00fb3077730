"""Shared fixtures: real databases (SQLite file and PostgreSQL), a virtual clock, the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.bootstrap import Linli, build
from bot.clock import VirtualClock
from bot.config import CommunityConfig, load_config
from bot.domain.messages import MessageType
from bot.ports import Classifier
from bot.replay import Directory
from bot.settings import Settings
from bot.transports.simulator import Sent, SimulatorTransport
from storage.scratch import temporary_database

ROOT = Path(__file__).resolve().parent.parent
DEMO_CONFIG = ROOT / "deploy" / "demo" / "community.toml"
START = datetime.fromisoformat("2026-11-23T09:00:00+08:00")  # a Monday


@pytest.fixture(scope="session")
def demo_config() -> CommunityConfig:
    return load_config(DEMO_CONFIG)


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    # Building the engine loads jieba's dictionary (~1 s); share one across the run.
    from intents import default_engine

    return default_engine()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test run (the server must be up: no skipping)."""
    with temporary_database(prefix="linli_test") as url:
        yield url


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            if row[0] != "alembic_version"
        ]
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs twice: on a SQLite file and on the real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'linli.db'}"
    url: str = request.getfixturevalue("pg_database")
    _reset_postgres(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'linli.db'}"


@dataclass
class Bot:
    """The whole bot on the simulator, driven the way a group member would."""

    linli: Linli
    clock: VirtualClock
    transport: SimulatorTransport
    directory: Directory
    _read: int = 0

    async def say(
        self,
        text: str,
        *,
        who: str = "张阿姨",
        group: str | None = "兰亭3号楼邻里群",
        message_id: str | None = None,
        type: MessageType = MessageType.TEXT,
        mentions: tuple[str, ...] = (),
        room_id: str | None = None,
        media: bytes | None = None,
        quote: str | None = None,
    ) -> list[Sent]:
        """Say something and return what the bot sent in response (after delivery)."""
        await self.transport.say(
            sender_id=self.directory.person(who),
            sender_name=who,
            text=text,
            topic=group,
            room_id=room_id or (self.directory.room(group) if group else None),
            message_id=message_id,
            type=type,
            mention_ids=tuple(self.directory.person(n) for n in mentions),
            mention_names=mentions,
            media=media,
            quote=quote,
        )
        await self.linli.runtime.deliver_pending()
        return self.new()

    async def private(self, text: str, *, who: str = "张阿姨") -> list[Sent]:
        return await self.say(text, who=who, group=None)

    def new(self) -> list[Sent]:
        fresh = self.transport.sent[self._read :]
        self._read = len(self.transport.sent)
        return fresh


@asynccontextmanager
async def running_bot(
    url: str, tmp: Path, config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[Bot]:
    clock = VirtualClock(START)
    transport = SimulatorTransport(clock=clock)
    settings = Settings(data_dir=tmp, db_url=url, config=DEMO_CONFIG)
    linli = build(settings, clock=clock, transport=transport, config=config, classifier=classifier)
    await linli.runtime.start(sender=False)
    try:
        yield Bot(linli, clock, transport, Directory(config, transport.bot_id))
    finally:
        await linli.runtime.stop()
        linli.close()


@pytest.fixture
async def bot(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[Bot]:
    async with running_bot(db_url, tmp_path, demo_config, classifier) as b:
        yield b


@pytest.fixture
async def sqlite_bot(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[Bot]:
    async with running_bot(sqlite_url, tmp_path, demo_config, classifier) as b:
        yield b
