"""A process killed with a send under way, on a transport that keeps no delivery record (WeChat
through Wechaty): after the restart nobody can tell whether the message went out, so it is
marked failed rather than sent twice. Staff must hear of it (fault9): it was only a log line
and a row in `linli outbox status`, so a notice that may never have reached a group was
silently gone. SQLite and PostgreSQL, in process (what kill -9 leaves: a row in flight).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.bootstrap import build
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.records import OutboxStatus
from bot.ports import Classifier
from bot.replay import Directory
from bot.runtime.status import UNCERTAIN_NOTICE
from bot.services import outbox
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport, simulated_room_id
from tests.conftest import DEMO_CONFIG, START, Bot
from tests.integration.test_database_outage import killed
from tests.integration.test_outbox_sender import queue_broadcast


@dataclass
class NoRecordTransport(SimulatorTransport):
    """Like the Wechaty transport: no record of what it delivered to ask after a crash."""

    delivered = None  # type: ignore[assignment]


async def started(url: str, tmp: Path, config: CommunityConfig, classifier: Classifier) -> Bot:
    clock = VirtualClock(START)
    transport = NoRecordTransport(clock=clock)
    settings = Settings(data_dir=tmp, db_url=url, config=DEMO_CONFIG)
    linli = build(settings, clock=clock, transport=transport, config=config, classifier=classifier)
    await linli.runtime.start(sender=False)
    for group in config.groups:
        await linli.runtime.room_seen(simulated_room_id(group.topic), group.topic)
    return Bot(linli, clock, transport, Directory(config, transport.bot_id))


async def test_staff_are_told_of_sends_a_kill_left_in_doubt(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    first = await started(db_url, tmp_path, demo_config, classifier)
    broadcast_id = queue_broadcast(first.linli)
    with first.linli.uow_factory() as uow:
        row = uow.outbox.by_broadcast(broadcast_id)[0]
        assert row.id is not None
        claimed = outbox.claim(uow, row.id, first.clock.now())  # handed over, then kill -9
        uow.commit()
    assert claimed is not None and claimed.room_topic
    killed(first)

    second = await started(db_url, tmp_path, demo_config, classifier)
    try:
        await second.linli.runtime.deliver_pending()
        with second.linli.uow_factory() as uow:
            doubted = uow.outbox.get(row.id)
        assert doubted is not None and doubted.status is OutboxStatus.FAILED  # not resent
        copies = [s for s in second.transport.sent if s.group == claimed.room_topic]
        assert copies == []
        notices = [s for s in second.transport.sent if s.text.startswith(UNCERTAIN_NOTICE)]
        assert notices, [s.text for s in second.transport.sent if s.group is None]
        assert all(s.to_id and s.group is None for s in notices)  # privately, to staff
        assert all(claimed.room_topic in s.text for s in notices)  # which group to look at
        # A restart with nothing in doubt tells nobody anything.
        await second.linli.runtime.stop()
        second.linli.close()
        third = await started(db_url, tmp_path, demo_config, classifier)
        await third.linli.runtime.deliver_pending()
        assert not [s for s in third.transport.sent if s.text.startswith(UNCERTAIN_NOTICE)]
        second = third
    finally:
        await second.linli.runtime.stop()
        second.linli.close()
