"""PostgreSQL answers, but a lock the bot needs is held elsewhere (a migration's ALTER TABLE,
an operator's open transaction, a stuck console request) (fault9). The bot's core has one
thread: without a lock timeout its statement waited for as long as the lock was held, and
the whole bot (every group, every account's sender) stood still with it. Now the wait ends
after `db_lock_timeout` seconds, the resident's message is held like in any outage, and it
is stored and answered once the lock is gone. (SQLite has its busy timeout for this.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.bootstrap import build
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.ports import Classifier
from bot.replay import Directory
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport
from storage.scratch import temporary_database
from tests.conftest import DEMO_CONFIG, START, Bot
from tests.integration.test_database_outage import accepted, arrive, stored

LOCK_TIMEOUT = 0.5  # seconds; production's default is 10


@pytest.fixture
def pg_url(pg_template: str) -> Iterator[str]:
    with temporary_database(prefix="linli_lockwait", template=pg_template) as url:
        yield url


async def test_a_held_lock_holds_the_message_not_the_bot(
    pg_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    clock = VirtualClock(START)
    transport = SimulatorTransport(clock=clock)
    settings = Settings(
        data_dir=tmp_path, db_url=pg_url, config=DEMO_CONFIG, db_lock_timeout=LOCK_TIMEOUT
    )
    linli = build(
        settings, clock=clock, transport=transport, config=demo_config, classifier=classifier
    )
    await linli.runtime.start(sender=False)
    bot = Bot(linli, clock, transport, Directory(demo_config, transport.bot_id))
    other = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"))
    holder = other.connect()
    try:
        locked = holder.begin()
        holder.execute(text("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE"))
        # Without a lock timeout this waits for as long as the lock is held.
        async with asyncio.timeout(30 * LOCK_TIMEOUT):
            await arrive(bot, "3号楼电梯坏了", "张阿姨", "兰亭3号楼邻里群")
        assert len(linli.runtime.held) == 1  # kept, in memory and in the journal
        locked.rollback()
        await linli.runtime.tick()
        await linli.runtime.deliver_pending()
        assert len(linli.runtime.held) == 0
        assert stored(bot) == ["3号楼电梯坏了"]
        assert accepted(bot.new()) == [("张阿姨", "E0001")]
    finally:
        holder.close()
        other.dispose()
        await linli.runtime.stop()
        linli.close()
