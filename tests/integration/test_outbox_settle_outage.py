"""The database goes away between a send and its settlement (fault9): the message went out (or
failed), but the row cannot be marked. It must not stay "in flight" until the next restart
(where recovery would call a delivered message uncertain, or never send a failed one): the
sender keeps the outcome and writes it once the database is back, sending nothing twice.

Real outages (tests/integration/test_database_outage.py): SQLite locked past its busy
timeout, PostgreSQL's database renamed away with the bot's sessions cut.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.bootstrap import build
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.messages import Outbound
from bot.domain.records import OutboxItem, OutboxStatus
from bot.ports import Classifier, SendFailed
from bot.replay import Directory
from bot.runtime import SendPacing
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport
from storage.scratch import temporary_database
from tests.conftest import DEMO_CONFIG, START, Bot, migrated_sqlite
from tests.integration.test_database_outage import BUSY_TIMEOUT, database_away


@pytest.fixture(params=["sqlite", "postgresql"])
def outage_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield migrated_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / "linli.db")
        return
    template = request.getfixturevalue("pg_template")
    with temporary_database(prefix="linli_settle", template=template) as url:
        yield url


@dataclass
class OutageAfterSend(SimulatorTransport):
    """Takes the database away right after the next send (delivered, or failed with `fail`)."""

    url: str = ""
    armed: bool = False
    fail: SendFailed | None = None
    outage: ExitStack = field(default_factory=ExitStack)

    async def send(self, message: Outbound) -> None:
        if not self.armed:
            await super().send(message)
            return
        self.armed = False
        self.outage.enter_context(database_away(self.url))
        if self.fail is not None:
            raise self.fail
        await super().send(message)


@asynccontextmanager
async def outage_bot(
    url: str, tmp: Path, config: CommunityConfig, classifier: Classifier, grace: float = 0.0
) -> AsyncIterator[Bot]:
    clock = VirtualClock(START)
    transport = OutageAfterSend(clock=clock, url=url)
    settings = Settings(
        data_dir=tmp, db_url=url, config=DEMO_CONFIG, sqlite_busy_timeout=BUSY_TIMEOUT
    )
    linli = build(
        settings,
        clock=clock,
        transport=transport,
        config=config,
        classifier=classifier,
        pacing=SendPacing(echo_grace=grace),
    )
    await linli.runtime.start(sender=False)
    try:
        yield Bot(linli, clock, transport, Directory(config, transport.bot_id))
    finally:
        transport.outage.close()
        await linli.runtime.stop()
        linli.close()


def outbox_rows(bot: Bot) -> list[OutboxItem]:
    with bot.linli.engine.connect() as conn:
        ids = [row[0] for row in conn.execute(text("SELECT id FROM outbox ORDER BY id"))]
    with bot.linli.uow_factory() as uow:
        return [item for i in ids if (item := uow.outbox.get(i)) is not None]


async def queue_reply(bot: Bot) -> None:
    """A resident's report: stored, its acceptance reply queued (not yet sent)."""
    await bot.transport.say(
        sender_id=bot.directory.person("张阿姨"),
        sender_name="张阿姨",
        text="3号楼电梯坏了",
        topic="兰亭3号楼邻里群",
        room_id=bot.directory.room("兰亭3号楼邻里群"),
    )


async def test_a_send_whose_settlement_met_an_outage_is_marked_sent_once_it_is_back(
    outage_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with outage_bot(outage_url, tmp_path, demo_config, classifier) as bot:
        transport = bot.transport
        assert isinstance(transport, OutageAfterSend)
        await queue_reply(bot)
        transport.armed = True
        # The send goes out; marking it sent meets the outage. No exception escapes.
        assert await bot.linli.runtime.deliver_pending() == 0
        assert len(transport.sent) == 1
        transport.outage.close()  # the database is back
        await bot.linli.runtime.deliver_pending()
        [row] = outbox_rows(bot)
        assert row.status is OutboxStatus.SENT  # not left in flight for a restart to doubt
        assert row.attempts == 1
        bot.clock.advance(timedelta(minutes=30))
        await bot.linli.runtime.tick()
        await bot.linli.runtime.deliver_pending()
        assert [s.key for s in transport.sent].count(row.key) == 1  # and never sent again


async def test_a_failed_send_whose_settlement_met_an_outage_is_retried_once_it_is_back(
    outage_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with outage_bot(outage_url, tmp_path, demo_config, classifier) as bot:
        transport = bot.transport
        assert isinstance(transport, OutageAfterSend)
        await queue_reply(bot)
        transport.armed = True
        transport.fail = SendFailed("未连接微信", transient=True)
        assert await bot.linli.runtime.deliver_pending() == 0
        assert transport.sent == []
        transport.outage.close()
        assert await bot.linli.runtime.deliver_pending() == 0  # the failure written: backoff
        [row] = outbox_rows(bot)
        assert row.status is OutboxStatus.PENDING and row.not_before is not None
        bot.clock.advance(timedelta(minutes=1))  # past the first retry's backoff
        assert await bot.linli.runtime.deliver_pending() == 1
        [row] = outbox_rows(bot)
        assert row.status is OutboxStatus.SENT and row.attempts == 2
        assert len(transport.sent) == 1 and "已受理" in transport.sent[0].text


async def test_a_cut_off_send_whose_hold_met_an_outage_is_still_held_for_its_echo(
    outage_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with outage_bot(outage_url, tmp_path, demo_config, classifier, grace=30.0) as bot:
        transport = bot.transport
        assert isinstance(transport, OutageAfterSend)
        await queue_reply(bot)
        transport.armed = True
        transport.fail = SendFailed("connection lost", transient=True, maybe_delivered=True)
        assert await bot.linli.runtime.deliver_pending() == 0
        transport.outage.close()
        await bot.linli.runtime.deliver_pending()
        [row] = outbox_rows(bot)
        assert row.status is OutboxStatus.SENDING and row.confirm_by is not None
        assert bot.linli.runtime.echoes.holding
