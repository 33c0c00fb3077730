"""PostgreSQL specifics of the pipeline's commit: a dead connection is retried, and the
message INSERT rides with the COMMIT (one round trip) yet still fails as a Conflict."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.bootstrap import build
from bot.chat.pipeline import Outcome
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.messages import Inbound
from bot.ports import Classifier
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport, simulated_room_id
from tests.conftest import DEMO_CONFIG, _reset_postgres

START = datetime.fromisoformat("2026-11-23T09:00:00+08:00")
TOPIC = "兰亭3号楼邻里群"


def _message(i: int, text_: str = "大家早上好") -> Inbound:
    return Inbound(
        message_id=f"m{i}",
        sender_id="wxid_zhang",
        sender_name="张阿姨",
        text=text_,
        at=START,
        room_id=simulated_room_id(TOPIC),
        room_topic=TOPIC,
    )


def _count(url: str, sql: str) -> int:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        value = int(conn.execute(text(sql)).scalar_one())
    engine.dispose()
    return value


def test_a_message_survives_the_server_dropping_the_connection(
    pg_database: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    _reset_postgres(pg_database)
    clock = VirtualClock(START)
    settings = Settings(data_dir=tmp_path, db_url=pg_database, config=DEMO_CONFIG)
    linli = build(
        settings,
        clock=clock,
        transport=SimulatorTransport(clock=clock),
        config=demo_config,
        classifier=classifier,
    )
    try:
        pipeline = linli.runtime.pipeline
        assert pipeline.handle(_message(1)).outcome is Outcome.SILENT
        # The pooled connection was used a moment ago, so it is not pinged: kill its backend.
        killed = _count(
            pg_database,
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        assert killed >= 1
        assert pipeline.handle(_message(2)).outcome is Outcome.SILENT
        assert pipeline.handle(_message(2)).outcome is Outcome.DUPLICATE
    finally:
        linli.close()
    assert _count(pg_database, "SELECT count(*) FROM messages WHERE message_id = 'm2'") == 1
