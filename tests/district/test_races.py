"""Races between the processes of a district (one `linli run` per account, one PostgreSQL):
they start together, and a resident may first speak in two accounts' groups at once.

Both were found by bench/district.py: three of four processes started together died on
uq_estates_key, and a first-time sender's message could be lost on uq_people_wechat_id.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from bot.bootstrap import build, sync_config
from bot.chat.outcome import Outcome, Result
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.community import Estate, Person
from bot.domain.messages import Inbound
from bot.ports import Classifier, Conflict
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport, simulated_room_id
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import DEMO_CONFIG, START, Bot, _reset_postgres

TOPIC = "兰亭3号楼邻里群"
ACCOUNTS = ("acct1", "acct2", "acct3", "acct4")


def _scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def test_processes_started_together_all_sync_the_config(
    pg_database: str, demo_config: CommunityConfig
) -> None:
    _reset_postgres(pg_database)
    migrating = make_engine(pg_database)
    upgrade(migrating)
    migrating.dispose()
    barrier = threading.Barrier(len(ACCOUNTS))
    failures: list[BaseException] = []

    def start(account: str) -> None:
        engine = make_engine(pg_database)
        try:
            factory = SqlUnitOfWorkFactory(make_session_factory(engine))
            barrier.wait()
            sync_config(factory, demo_config, account, VirtualClock(START))
        except BaseException as exc:  # reported below, with the others
            failures.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start, args=(a,)) for a in ACCOUNTS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert failures == []
    engine = create_engine(pg_database)
    assert _scalar(engine, "SELECT count(*) FROM estates") == len(demo_config.estates)
    people = {m.wechat_id for m in demo_config.members} | {
        s.wechat_id for s in demo_config.staff if s.wechat_id
    }
    assert _scalar(engine, "SELECT count(DISTINCT wechat_id) FROM people") == _scalar(
        engine, "SELECT count(*) FROM people"
    )
    with engine.connect() as conn:
        assert people <= {r[0] for r in conn.execute(text("SELECT wechat_id FROM people"))}
    # One row per configured group whichever process synced first (issue 15 §1: a group
    # belongs to the account that sits in it, not one copy per account).
    assert _scalar(engine, "SELECT count(*) FROM groups") == len(demo_config.groups)
    assert _scalar(engine, "SELECT count(DISTINCT topic) FROM groups") == len(demo_config.groups)
    engine.dispose()


def _blocked_on_a_lock(engine: Engine) -> bool:
    sql = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
    return _scalar(engine, sql) > 0


def test_a_first_time_sender_seen_by_two_accounts_at_once_loses_no_message(
    pg_database: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    _reset_postgres(pg_database)
    clock = VirtualClock(START)
    settings = Settings(data_dir=tmp_path, db_url=pg_database, config=DEMO_CONFIG, account="b")
    linli = build(
        settings,
        clock=clock,
        transport=SimulatorTransport(clock=clock),
        config=demo_config,
        classifier=classifier,
    )
    watcher = create_engine(pg_database)
    try:
        message = Inbound(
            message_id="first-words",
            sender_id="wxid_new_neighbour",
            sender_name="新邻居",
            text="大家好，我刚搬来3号楼",
            at=START,
            room_id=simulated_room_id(TOPIC),
            room_topic=TOPIC,
        )
        # Account a's process is inserting the same new person, not committed yet.
        other = linli.uow_factory()
        with other as uow:
            uow.people.add(Person(wechat_id="wxid_new_neighbour", display_name="新邻居"))
            results: list[Result | BaseException] = []

            def handle() -> None:
                try:
                    results.append(linli.runtime.pipeline.handle(message))
                except BaseException as exc:  # the assertion below shows it
                    results.append(exc)

            worker = threading.Thread(target=handle)
            worker.start()
            deadline = time.monotonic() + 30
            while not _blocked_on_a_lock(watcher) and worker.is_alive():
                assert time.monotonic() < deadline, "the second INSERT never waited"
            uow.commit()  # a wins; b's INSERT of the same wechat_id now fails
        worker.join(30)
        assert len(results) == 1 and isinstance(results[0], Result), results
        assert results[0].outcome is not Outcome.DUPLICATE
        stored = "SELECT count(*) FROM messages WHERE message_id = 'first-words'"
        assert _scalar(watcher, stored) == 1
        people = "SELECT count(*) FROM people WHERE wechat_id = 'wxid_new_neighbour'"
        assert _scalar(watcher, people) == 1
    finally:
        watcher.dispose()
        linli.close()


async def test_a_periodic_job_that_lost_a_race_does_not_stop_the_others(bot: Bot) -> None:
    # Two accounts' processes award the month's base points at the same moment: one INSERT
    # wins on the ledger's unique key, the other's job raises Conflict. The jobs after it
    # (SLA sweep, retention …) must still run in that tick, and the tick must not fail.
    ran: list[datetime] = []

    def lost(now: datetime) -> None:
        raise Conflict('duplicate key value violates unique constraint "uq_points_ledger_key"')

    bot.linli.runtime.jobs[:0] = [lost]
    bot.linli.runtime.jobs.append(ran.append)
    await bot.linli.runtime.tick()
    assert ran == [bot.clock.now()]


def test_a_deadlock_between_two_processes_is_a_conflict_to_run_again(pg_database: str) -> None:
    # Seen in the district run: a 认领 (UPDATE cases) and another account's reply (INSERT
    # outbox, locking its group) took their locks in opposite orders; PostgreSQL aborted one,
    # and the resident's message was lost. The victim must see a Conflict (the pipeline
    # handles the message again), not a database error.
    _reset_postgres(pg_database)
    engine = make_engine(pg_database)
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    with factory() as uow:
        for key in ("a", "b"):
            uow.estates.add(Estate(key=key, name=key, branch=key))
        uow.commit()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def lock_in_order(first: str, second: str) -> None:
        try:
            with factory() as uow:
                estates = {e.key: e for e in uow.estates.all()}
                estates[first].name = f"{first}!"
                uow.estates.all()  # the UPDATE goes out: the first row is ours
                barrier.wait()
                estates[second].name = f"{second}!"
                uow.estates.all()  # waits for the other; one of the two is the victim
                uow.commit()
            outcomes.append("committed")
        except Conflict:
            outcomes.append("conflict")
        except BaseException as exc:  # the assertion below shows it
            outcomes.append(repr(exc))

    threads = [
        threading.Thread(target=lock_in_order, args=("a", "b")),
        threading.Thread(target=lock_in_order, args=("b", "a")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    engine.dispose()
    assert sorted(outcomes) == ["committed", "conflict"]
