"""A case's hot reads and its opening (storage/case_intake_repositories.py) on real SQLite and
real PostgreSQL: the same answers on both, and on PostgreSQL the round trips they save
(issue 15 §3: 进度 6 → 3, a report opening a case 6 → 4)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select

from bot.bootstrap import build
from bot.chat.outcome import Outcome
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.cases import Case, CaseEvent, CaseStatus, EventKind
from bot.domain.community import Estate, Person
from bot.domain.messages import Inbound
from bot.ports import Classifier
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport, simulated_room_id
from storage import tables
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory
from tests.conftest import DEMO_CONFIG, _reset_postgres
from tests.storage.test_pg_round_trips import _RoundTrips

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
START = datetime.fromisoformat("2026-11-23T09:00:00+08:00")
TOPIC = "兰亭3号楼邻里群"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uows(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


def _seed(uow: SqlUnitOfWork) -> tuple[int, int, int]:
    estate = uow.estates.add(Estate(key="a", name="甲小区", branch="甲小区党支部"))
    zhang = uow.people.add(Person(wechat_id="wxid_a", display_name="张阿姨", first_seen=T0))
    li = uow.people.add(Person(wechat_id="wxid_b", display_name="李叔", first_seen=T0))
    assert estate.id is not None and zhang.id is not None and li.id is not None
    return estate.id, zhang.id, li.id


def _case(estate_id: int, reporter_id: int, at: datetime, **fields: object) -> Case:
    case = Case(
        estate_id=estate_id,
        category="elevator",
        summary="电梯坏了",
        building="3",
        reporter_id=reporter_id,
        opened_at=at,
        updated_at=at,
    )
    for name, value in fields.items():
        setattr(case, name, value)
    return case


def test_open_writes_the_case_and_its_first_reporter(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        estate_id, zhang, _li = _seed(uow)
        uow.commit()
    with uows() as uow:
        case = uow.cases.open(_case(estate_id, zhang, T0), zhang, T0, None)
        assert case.id is not None
        case.summary = "电梯坏了 卡在5楼"  # changed after: an UPDATE with the commit
        uow.cases.add_event(CaseEvent(case_id=case.id, at=T0, kind=EventKind.OPENED))
        # Written at once: the reporter is there for a read in the same transaction.
        assert uow.cases.reporter_ids(case.id) == [zhang]
        assert uow.cases.add_reporter(case.id, zhang, T0) is False
        uow.commit()
        case_id = case.id
    with uows() as uow:
        found = uow.cases.history(case_id)
        assert found is not None
        assert found.case.summary == "电梯坏了 卡在5楼"
        assert found.case.status is CaseStatus.ACCEPTED and found.case.code == "E0001"
        assert found.reporter_ids == [zhang]
        assert [e.kind for e in found.events] == [EventKind.OPENED]
        assert uow.cases.reporter_places(case_id) == [(zhang, None, True)]
        # The month's rollup counted the case opened outside the ORM's flush.
        totals = uow.cases.session.execute(
            select(func.sum(tables.case_month_totals.c.opened))
        ).scalar_one()
        assert totals == 1


def test_a_case_opened_in_a_failed_transaction_is_gone(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        estate_id, zhang, _li = _seed(uow)
        uow.commit()
    with uows() as uow:
        case_id = uow.cases.open(_case(estate_id, zhang, T0), zhang, T0, None).id
        assert case_id is not None
        # no commit: rolled back
    with uows() as uow:
        assert uow.cases.history(case_id) is None
        assert uow.cases.reporter_ids(case_id) == []


def test_history_is_the_case_its_reporters_and_timeline(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        estate_id, zhang, li = _seed(uow)
        case = uow.cases.add(_case(estate_id, zhang, T0))
        assert case.id is not None
        uow.cases.add_reporter(case.id, zhang, T0)
        uow.cases.add_reporter(case.id, li, T0 + timedelta(minutes=1))
        later = CaseEvent(case_id=case.id, at=T0 + timedelta(minutes=5), kind=EventKind.JOINED)
        uow.cases.add_event(later)
        uow.cases.add_event(CaseEvent(case_id=case.id, at=T0, kind=EventKind.OPENED))
        uow.commit()
        case_id = case.id
    with uows() as uow:
        assert uow.cases.history(case_id + 1) is None
        held = uow.cases.get(case_id)
        assert held is not None
        held.summary = "改过的"  # unsaved: the session's object wins, as Session.get gives
        # A timeline line added in this transaction is read back too (autoflush).
        uow.cases.add_event(CaseEvent(case_id=case_id, at=T0, kind=EventKind.NOTE, text="备注"))
        found = uow.cases.history(case_id)
        assert found is not None and found.case is held and found.case.summary == "改过的"
        assert found.reporter_ids == [zhang, li]
        kinds = [e.kind for e in found.events]
        assert kinds == [EventKind.OPENED, EventKind.NOTE, EventKind.JOINED]


def test_nearby_is_the_open_cases_to_join_and_the_latest_of_the_place(
    uows: SqlUnitOfWorkFactory,
) -> None:
    with uows() as uow:
        estate_id, zhang, _li = _seed(uow)
        fixed = _case(estate_id, zhang, T0 - timedelta(days=20))
        fixed.status, fixed.resolved_at = CaseStatus.RESOLVED, T0 - timedelta(days=10)
        stale = _case(estate_id, zhang, T0 - timedelta(days=3))
        fresh = _case(estate_id, zhang, T0 - timedelta(hours=1))
        other = _case(estate_id, zhang, T0 - timedelta(hours=1), building="4")
        ids = [uow.cases.add(c).id for c in (fixed, stale, fresh, other)]
        uow.commit()
    with uows() as uow:
        near = uow.cases.nearby(estate_id, "elevator", "3", T0 - timedelta(days=1), 20)
        assert [c.id for c in near.open] == [ids[2]]
        assert [c.id for c in near.latest] == [ids[2], ids[1], ids[0]]
        assert near.open[0] is near.latest[0]  # one object per row, as the ORM gives
        two = uow.cases.nearby(estate_id, "elevator", "3", T0 - timedelta(days=30), 2)
        assert [c.id for c in two.open] == [ids[2], ids[1]]
        assert [c.id for c in two.latest] == [ids[2], ids[1]]


# ---- through the pipeline: the same answers on both backends, fewer round trips on PostgreSQL


def _from(i: int, sender: str, text_: str) -> Inbound:
    return Inbound(
        message_id=f"c{i}",
        sender_id=f"wxid_{sender}",
        sender_name=sender,
        text=text_,
        at=START,
        room_id=simulated_room_id(TOPIC),
        room_topic=TOPIC,
    )


def _conversation(
    url: str, tmp_path: Path, config: CommunityConfig, classifier: Classifier
) -> tuple[list[list[str]], list[int]]:
    """A report opening a case, 进度 on it from its reporter and from a neighbour, a second
    report of the same thing: what the bot answered each, and (PostgreSQL) the round trips."""
    clock = VirtualClock(START)
    settings = Settings(data_dir=tmp_path, db_url=url, config=DEMO_CONFIG)
    linli = build(
        settings,
        clock=clock,
        transport=SimulatorTransport(clock=clock),
        config=config,
        classifier=classifier,
    )
    said = [
        ("zhang", "3号楼电梯坏了"),
        ("zhang", "进度 E0001"),
        ("li", "进度 E0001"),
        ("zhang", "进度 E0002"),
        ("li", "3号楼电梯坏了 卡在5楼"),
        ("li", "进度 E0001"),
    ]
    answers: list[list[str]] = []
    trips: list[int] = []
    try:
        pipeline = linli.runtime.pipeline
        for i, who in enumerate(("zhang", "li")):  # new senders and rooms cost more, once
            assert pipeline.handle(_from(100 + i, who, "大家早上好")).outcome is Outcome.SILENT
        with tempfile.TemporaryFile() as trace:
            counter = _RoundTrips(linli.engine, trace) if url.startswith("postgresql") else None
            for i, (who, text_) in enumerate(said):
                before = counter.count() if counter else 0
                clock.advance(timedelta(minutes=1))
                result = pipeline.handle(_from(i, who, text_))
                trips.append(counter.count() - before if counter else 0)
                answers.append([o.text for o in result.sent])
    finally:
        linli.close()
    return answers, trips


def test_reports_and_progress_answer_alike_on_both_backends(
    pg_database: str,
    sqlite_url: str,
    tmp_path: Path,
    demo_config: CommunityConfig,
    classifier: Classifier,
) -> None:
    _reset_postgres(pg_database)
    on_sqlite, _ = _conversation(sqlite_url, tmp_path / "s", demo_config, classifier)
    on_pg, trips = _conversation(pg_database, tmp_path / "p", demo_config, classifier)
    assert on_pg == on_sqlite
    opened, progress, neighbour, missing, joined, progress_after = on_pg
    assert "已受理" in opened[0] and "E0001" in opened[0]
    assert "E0001" in progress[0] and "查不到" not in progress[0]
    assert "E0001" in neighbour[0]  # a neighbour in the group reads the 小区's cases
    assert "查不到诉求 E0002" in missing[0]
    assert "已合并" in joined[0]
    assert "2" in progress_after[0] or "E0001" in progress_after[0]
    # Opening: arrival; the place's open and latest cases (one pipeline); the case with its
    # reporter (one statement); the writes with the COMMIT. Was 6 (two reads, the case's
    # INSERT, the reporter's). 进度: arrival; case, reporters and timeline; the reply with the
    # COMMIT. Was 6 (three reads and an autoflushed UPDATE of the sender's home).
    assert trips[0] == 4
    assert trips[1] == 3 and trips[2] == 3 and trips[3] == 3
    assert trips[4] == 4  # joining: unchanged
    assert trips[5] == 3


def test_a_person_s_cases_are_read_once_until_the_transaction_writes(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    with uows() as uow:
        estate_id, zhang, li = _seed(uow)
        for hours in (3, 2, 1):
            case = uow.cases.add(_case(estate_id, zhang, T0 - timedelta(hours=hours)))
            assert case.id is not None
            uow.cases.add_reporter(case.id, zhang, T0)
        uow.commit()
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: sent.append(str(a[2])))
    with uows() as uow:
        uow.messages.arrival("default", "m1", None, "wxid_a")  # as a message's transaction
        first = uow.cases.by_reporter(zhang, limit=10)
        reads = len(sent)
        assert [c.id for c in uow.cases.by_reporter(zhang, limit=2)] == [c.id for c in first[:2]]
        assert uow.cases.by_reporter(zhang, limit=10) == first
        assert len(sent) == reads  # answered from the first read
        assert uow.cases.by_reporter(li) == []  # read (the arrival asked about zhang only)
        more = uow.cases.add(_case(estate_id, zhang, T0))
        assert more.id is not None
        uow.cases.add_reporter(more.id, zhang, T0)
        again = uow.cases.by_reporter(zhang, limit=10)
        assert len(sent) > reads and again[0].id == more.id and len(again) == 4
