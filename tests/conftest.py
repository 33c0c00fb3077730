"""Shared fixtures: real databases (SQLite file and PostgreSQL), a virtual clock, the bot."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

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
from storage.database import make_engine
from storage.migrate import upgrade
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
    """Empty every table and rewind every sequence that was used, as TRUNCATE … RESTART IDENTITY
    CASCADE would. DELETE, children before parents, because TRUNCATE of the ~50 tables swaps
    every table's and index's files and took 1.5–2 s per test; this takes ~0.1–0.2 s."""
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            if row[0] != "alembic_version"
        ]
        referenced_by: dict[str, set[str]] = {table: set() for table in tables}
        for child, parent in conn.execute(text(_FOREIGN_KEYS)):
            if child != parent and child in referenced_by and parent in referenced_by:
                referenced_by[parent].add(child)
        # static_order puts each table after the tables it names, so children go first.
        for table in TopologicalSorter(referenced_by).static_order():
            conn.execute(text(f'DELETE FROM "{table}"'))
        used = conn.execute(
            text(
                "SELECT sequencename, start_value FROM pg_sequences"
                " WHERE schemaname = 'public' AND last_value IS NOT NULL"
            )
        ).all()
        for name, start in used:
            conn.execute(
                text("SELECT setval(:name, :start, false)"),
                {"name": f'public."{name}"', "start": start},
            )
    engine.dispose()


_FOREIGN_KEYS = """
    SELECT child.relname, parent.relname FROM pg_constraint fk
    JOIN pg_class child ON child.oid = fk.conrelid
    JOIN pg_class parent ON parent.oid = fk.confrelid
    JOIN pg_namespace ns ON ns.oid = child.relnamespace
    WHERE fk.contype = 'f' AND ns.nspname = 'public'
"""


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file brought to head by the real migrations, once a run: a fresh migration
    costs ~1–2 s, a copy ~1 ms. (tests/storage still migrates fresh files, step by step.)"""
    path = tmp_path_factory.mktemp("sqlite_template") / "linli.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    # The last connection's close checkpointed the WAL: the one file is the whole database.
    assert not path.with_name("linli.db-wal").exists()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database brought to head once a run, for the tests that need a database of
    their own (renamed, locked): `temporary_database(template=…)` copies it. Nobody stays
    connected to it (CREATE DATABASE … TEMPLATE needs that)."""
    with temporary_database(prefix="linli_template") as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        yield url


def migrated_sqlite(template: Path, path: Path) -> str:
    """A copy of the migrated template at `path`, as its URL (the bot's own upgrade at start
    then finds the schema at head)."""
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs twice: on a SQLite file and on the real PostgreSQL server."""
    if request.param == "sqlite":
        return migrated_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / "linli.db")
    url: str = request.getfixturevalue("pg_database")
    _reset_postgres(url)
    return url


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    return migrated_sqlite(sqlite_template, tmp_path / "linli.db")


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
    url: str, tmp: Path, config: CommunityConfig, classifier: Classifier, **settings_: Any
) -> AsyncIterator[Bot]:
    """`settings_`: further Settings fields (e.g. a short sqlite_busy_timeout)."""
    clock = VirtualClock(START)
    transport = SimulatorTransport(clock=clock)
    settings = Settings(data_dir=tmp, db_url=url, config=DEMO_CONFIG, **settings_)
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
