"""The database goes away while residents talk: their messages wait and are handled once it is
back, in the order they came (probe7 P7-2; nothing a resident said is lost).

Real outages, no mocks: on SQLite another connection holds the write lock past the busy
timeout; on PostgreSQL the bot's sessions are cut and its database is renamed away, so every
new connection is refused, then renamed back.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.config import CommunityConfig
from bot.ports import Classifier
from bot.transports.simulator import Sent
from storage.scratch import admin_url, temporary_database
from tests.conftest import Bot, migrated_sqlite, running_bot

# Seconds a SQLite statement waits on the held lock before the message is held: each
# statement tried during an outage waits it out for real (production's 5 s made these tests
# sit for 20-30 s each).
BUSY_TIMEOUT = 0.2


@pytest.fixture(params=["sqlite", "postgresql"])
def outage_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own (the PostgreSQL one is renamed during the test)."""
    if request.param == "sqlite":
        yield migrated_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / "linli.db")
        return
    template = request.getfixturevalue("pg_template")
    with temporary_database(prefix="linli_outage", template=template) as url:
        yield url


@pytest.fixture
async def bot(
    outage_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[Bot]:
    async with running_bot(
        outage_url, tmp_path, demo_config, classifier, sqlite_busy_timeout=BUSY_TIMEOUT
    ) as b:
        yield b


@contextmanager
def database_away(url: str) -> Iterator[None]:
    if url.startswith("sqlite"):
        holder = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    name = url.rsplit("/", 1)[1]
    admin: Any = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{name}_away"'))
        try:
            yield
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{name}_away" RENAME TO "{name}"'))
    finally:
        admin.dispose()


def stored(bot: Bot) -> list[str]:
    with bot.linli.engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT text FROM messages ORDER BY id"))]


async def arrive(bot: Bot, text: str, who: str, group: str) -> None:
    """A member speaks; nothing is delivered (the outbox needs the database too)."""
    await bot.transport.say(
        sender_id=bot.directory.person(who),
        sender_name=who,
        text=text,
        topic=group,
        room_id=bot.directory.room(group),
    )


def accepted(sent: list[Sent]) -> list[tuple[str, str]]:
    """(who was @-ed, case code) of each acceptance reply, in the order sent."""
    return [(s.mentions[0], re.findall(r"E\d{4}", s.text)[0]) for s in sent if "已受理" in s.text]


async def test_messages_wait_for_the_database_and_are_answered_in_order(
    bot: Bot, outage_url: str
) -> None:
    runtime = bot.linli.runtime
    with database_away(outage_url):
        await arrive(bot, "3号楼电梯坏了", "张阿姨", "兰亭3号楼邻里群")
        await arrive(bot, "4号楼楼道灯不亮了", "李大爷", "兰亭4号楼邻里群")
        assert len(runtime.held) == 2  # the second one tried the first again: still away
        await runtime.tick()  # the periodic work carries on: nothing raised or dropped
        assert len(runtime.held) == 2
    await runtime.tick()
    await runtime.deliver_pending()
    assert len(runtime.held) == 0
    assert stored(bot) == ["3号楼电梯坏了", "4号楼楼道灯不亮了"]
    assert accepted(bot.new()) == [("张阿姨", "E0001"), ("李大爷", "E0002")]


async def test_a_message_after_the_outage_brings_the_held_ones_first(
    bot: Bot, outage_url: str
) -> None:
    with database_away(outage_url):
        await arrive(bot, "3号楼电梯坏了", "张阿姨", "兰亭3号楼邻里群")
    replies = [
        r.text for r in await bot.say("4号楼楼道灯不亮了", who="李大爷", group="兰亭4号楼邻里群")
    ]
    assert stored(bot) == ["3号楼电梯坏了", "4号楼楼道灯不亮了"]
    assert "E0001" in replies[0] and "E0002" in replies[1], replies


# ---- killed during the outage: the journal brings the held messages back (probe8) ----------

import json  # noqa: E402
import logging  # noqa: E402

from bot.bootstrap import build, held_journal_path  # noqa: E402
from bot.clock import VirtualClock  # noqa: E402
from bot.replay import Directory  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.transports.simulator import SimulatorTransport  # noqa: E402
from tests.conftest import DEMO_CONFIG, START  # noqa: E402


async def started(url: str, tmp: Path, config: CommunityConfig, classifier: Classifier) -> Bot:
    clock = VirtualClock(START)
    transport = SimulatorTransport(clock=clock)
    settings = Settings(
        data_dir=tmp, db_url=url, config=DEMO_CONFIG, sqlite_busy_timeout=BUSY_TIMEOUT
    )
    linli = build(settings, clock=clock, transport=transport, config=config, classifier=classifier)
    await linli.runtime.start(sender=False)
    return Bot(linli, clock, transport, Directory(config, transport.bot_id))


def killed(bot: Bot) -> None:
    """What a kill -9 leaves: no stop(), no tick, no drain; only the process's own threads and
    connections are released here, so the test run does not leak them."""
    bot.linli.runtime._core.shutdown()
    bot.linli.close()


async def test_messages_held_when_the_process_is_killed_arrive_after_the_restart(
    outage_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    first = await started(outage_url, tmp_path, demo_config, classifier)
    with database_away(outage_url):
        await arrive(first, "3号楼电梯坏了", "张阿姨", "兰亭3号楼邻里群")
        await arrive(first, "4号楼楼道灯不亮了", "李大爷", "兰亭4号楼邻里群")
        assert len(first.linli.runtime.held) == 2
    journal = held_journal_path(first.linli.settings)
    assert [json.loads(line)["held"]["text"] for line in journal.read_text().splitlines()] == [
        "3号楼电梯坏了",
        "4号楼楼道灯不亮了",
    ]
    assert journal.stat().st_mode & 0o777 == 0o600  # residents' words: the bot's user only
    killed(first)

    second = await started(outage_url, tmp_path, demo_config, classifier)
    try:
        await second.linli.runtime.deliver_pending()
        assert stored(second) == ["3号楼电梯坏了", "4号楼楼道灯不亮了"]
        assert accepted(second.new()) == [("张阿姨", "E0001"), ("李大爷", "E0002")]
        assert journal.read_text() == ""
    finally:
        await second.linli.runtime.stop()
        second.linli.close()

    # Exactly once: the next start has nothing to replay.
    third = await started(outage_url, tmp_path, demo_config, classifier)
    try:
        await third.linli.runtime.deliver_pending()
        assert stored(third) == ["3号楼电梯坏了", "4号楼楼道灯不亮了"]
        assert third.new() == []
    finally:
        await third.linli.runtime.stop()
        third.linli.close()


async def test_a_torn_last_line_is_skipped_with_a_log_line(
    outage_url: str,
    tmp_path: Path,
    demo_config: CommunityConfig,
    classifier: Classifier,
    caplog: pytest.LogCaptureFixture,
) -> None:
    first = await started(outage_url, tmp_path, demo_config, classifier)
    with database_away(outage_url):
        await arrive(first, "3号楼电梯坏了", "张阿姨", "兰亭3号楼邻里群")
    journal = held_journal_path(first.linli.settings)
    killed(first)
    # the kill cut the next write short
    journal.write_bytes(journal.read_bytes() + b'{"held": {"message_id": "m-torn", "text": "5\\u')

    caplog.set_level(logging.WARNING, logger="bot.runtime.journal")
    second = await started(outage_url, tmp_path, demo_config, classifier)
    try:
        await second.linli.runtime.deliver_pending()
        assert stored(second) == ["3号楼电梯坏了"]
        assert accepted(second.new()) == [("张阿姨", "E0001")]
        assert any("line 2 unreadable" in r.getMessage() for r in caplog.records)
    finally:
        await second.linli.runtime.stop()
        second.linli.close()
