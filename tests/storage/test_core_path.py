"""A message's common path without the ORM session (storage.repository.Work), on real SQLite
and PostgreSQL: small talk is read, changed and stored on one Core connection; the first
repository that needs the ORM opens the session on that same transaction, and what was read
before joins it with its unsaved changes (one identity per row, refresh and expiry as in any
session); exactly once holds either way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from bot.domain.cases import Case
from bot.domain.community import Estate, Group, Person
from bot.domain.records import OutboxItem, StoredMessage
from bot.ports import Conflict
from storage import tables
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
ROOM = "room-3"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uows(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


class _Sessions:
    """Counts the ORM sessions made (the factory's sessions run on Session's class events)."""

    def __init__(self) -> None:
        self.made = 0
        event.listen(Session, "after_begin", self._began)

    def _began(self, *_args: object) -> None:
        self.made += 1

    def close(self) -> None:
        event.remove(Session, "after_begin", self._began)


@pytest.fixture
def sessions() -> Iterator[_Sessions]:
    counter = _Sessions()
    yield counter
    counter.close()


def _seed(uows: SqlUnitOfWorkFactory) -> tuple[int, int]:
    with uows() as uow:
        estate = uow.estates.add(Estate(key="a", name="甲小区", branch="甲小区党支部"))
        group = uow.groups.add(
            Group(account="default", topic="3号楼", room_id=ROOM, estate_id=estate.id)
        )
        person = uow.people.add(Person(wechat_id="wxid_a", display_name="张阿姨", first_seen=T0))
        uow.commit()
        assert group.id is not None and person.id is not None
        return group.id, person.id


def _stored(uow: SqlUnitOfWork, person: Person, group: Group | None, message_id: str) -> None:
    assert person.id is not None
    uow.messages.add(
        StoredMessage(
            account="default",
            message_id=message_id,
            group_id=group.id if group else None,
            sender_id=person.id,
            type="text",
            text="大家早上好",
            received_at=T0,
        )
    )


def _row(engine: Engine, table: str, key: int) -> dict[str, object]:
    t = tables.metadata.tables[table]
    with engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.id == key)).one()
    return dict(row._mapping)


def _messages(engine: Engine) -> list[str]:
    m = tables.messages.c
    with engine.connect() as conn:
        return list(conn.execute(select(m.message_id).order_by(m.id)).scalars())


def test_small_talk_is_stored_without_a_session_with_what_the_arrival_changed(
    uows: SqlUnitOfWorkFactory, engine: Engine, sessions: _Sessions
) -> None:
    group_id, person_id = _seed(uows)
    sessions.made = 0
    with uows() as uow:
        found = uow.messages.arrival("default", "m1", ROOM, "wxid_a")
        assert not found.seen and found.group is not None and found.person is not None
        found.person.display_name = "张阿姨（3号楼）"  # what the arrival learned
        found.group.last_seen = T0
        _stored(uow, found.person, found.group, "m1")
        uow.commit()
    assert sessions.made == 0  # the ORM never opened a transaction
    # Readable after the block, as they were stored.
    assert found.person.display_name == "张阿姨（3号楼）"
    assert _row(engine, "people", person_id)["display_name"] == "张阿姨（3号楼）"
    assert _row(engine, "groups", group_id)["last_seen"] == T0
    assert _messages(engine) == ["m1"]
    with uows() as uow:
        assert uow.messages.arrival("default", "m1", ROOM, "wxid_a").seen


def test_without_commit_nothing_of_the_core_path_is_kept(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    _, person_id = _seed(uows)
    with uows() as uow:
        found = uow.messages.arrival("default", "m1", ROOM, "wxid_a")
        assert found.person is not None
        found.person.display_name = "改了但没提交"
        _stored(uow, found.person, found.group, "m1")
    assert _row(engine, "people", person_id)["display_name"] == "张阿姨"
    assert _messages(engine) == []


def test_the_same_message_twice_on_the_core_path_is_a_conflict_and_keeps_nothing(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    _, person_id = _seed(uows)
    # Two deliveries of one message read "not seen" before either commits.
    first, second = uows(), uows()
    with first, second:
        a = first.messages.arrival("default", "m1", ROOM, "wxid_a")
        b = second.messages.arrival("default", "m1", ROOM, "wxid_a")
        assert not a.seen and not b.seen
        assert a.person is not None and b.person is not None
        _stored(first, a.person, a.group, "m1")
        first.commit()
        b.person.display_name = "第二次"
        _stored(second, b.person, b.group, "m1")
        with pytest.raises(Conflict):
            second.commit()
    assert _messages(engine) == ["m1"]
    assert _row(engine, "people", person_id)["display_name"] == "张阿姨"  # nothing of the loser
    with uows() as uow:  # the retry sees the message and stops
        assert uow.messages.arrival("default", "m1", ROOM, "wxid_a").seen


def test_a_session_opened_later_takes_the_read_objects_with_their_changes(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    group_id, person_id = _seed(uows)
    with uows() as uow:
        found = uow.messages.arrival("default", "m1", ROOM, "wxid_a")
        person, group = found.person, found.group
        assert person is not None and group is not None
        person.building_id = None
        person.display_name = "张阿姨（3号楼）"  # unsaved when the session opens
        # A repository that needs the ORM: the same objects, one identity per row.
        assert uow.people.get(person_id) is person
        assert uow.groups.get(group_id) is group
        assert uow.people.by_wechat_id("wxid_a") is person
        # A query of people reads the change (the ORM's autoflush, as ever).
        assert [p.id for p in uow.people.by_display_name("张阿姨（3号楼）")] == [person_id]
        # The reply and the message with the commit, in the same transaction as the reads.
        uow.outbox.add(
            OutboxItem(account="default", key="r1", group_id=group_id, text="收到", created_at=T0)
        )
        _stored(uow, person, group, "m1")
        uow.commit(ids_unread=True)
    assert _row(engine, "people", person_id)["display_name"] == "张阿姨（3号楼）"
    assert _messages(engine) == ["m1"]
    o = tables.outbox.c
    with engine.connect() as conn:
        assert conn.execute(select(o.key)).scalars().all() == ["r1"]


def test_refresh_and_rollback_in_the_late_session_see_the_database(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    _, person_id = _seed(uows)
    with uows() as uow:
        found = uow.messages.arrival("default", "m1", ROOM, "wxid_a")
        person = found.person
        assert person is not None
        person.display_name = "未保存"
        session = uow.messages.session  # opened here, on the arrival's transaction
        session.refresh(person)  # the stored row wins over the unsaved change
        assert person.display_name == "张阿姨"
        person.display_name = "又改了"
        uow.rollback()
        assert person.display_name == "张阿姨"  # expired by the rollback, read again
    with uows() as uow:
        found = uow.messages.arrival("default", "m2", ROOM, "wxid_a")
        assert found.person is not None
        found.person.display_name = "张阿姨（3号楼）"
        _stored(uow, found.person, found.group, "m2")
        uow.commit()
        # After the commit the session-less objects are as stored: a session opened now
        # has nothing left to write, and an expiry reads the stored values back.
        session = uow.messages.session
        assert not session.is_modified(found.person)
        session.expire(found.person)
        assert found.person.display_name == "张阿姨（3号楼）"
    assert _row(engine, "people", person_id)["display_name"] == "张阿姨（3号楼）"
    assert _messages(engine) == ["m2"]


def test_a_case_written_after_a_core_arrival_is_counted_in_the_rollup(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    group_id, person_id = _seed(uows)
    with uows() as uow:
        found = uow.messages.arrival("default", "m1", ROOM, "wxid_a")
        assert found.person is not None and found.group is not None
        # Any ORM use opens the session on this transaction.
        assert [e.key for e in uow.estates.all()] == ["a"]
        case = uow.cases.add(
            Case(
                estate_id=found.group.estate_id,
                group_id=group_id,
                category="elevator",
                summary="电梯坏了",
                reporter_id=person_id,
                opened_at=T0,
            )
        )
        assert uow.cases.add_reporter(case.id or 0, person_id, T0, group_id)
        # Once per person (ON CONFLICT DO NOTHING: the count says it was not new).
        assert not uow.cases.add_reporter(case.id or 0, person_id, T0, None)
        assert uow.cases.reporter_places(case.id or 0) == [(person_id, group_id, False)]
        _stored(uow, found.person, found.group, "m1")
        uow.commit(ids_unread=True)
    totals = tables.case_month_totals.c
    with engine.connect() as conn:
        assert conn.execute(select(totals.opened, totals.reporters)).all() == [(1, 1)]
    assert _messages(engine) == ["m1"]


def test_a_repository_asked_for_after_the_block_still_reads(
    uows: SqlUnitOfWorkFactory,
) -> None:
    _, person_id = _seed(uows)
    uow = uows()
    with uow:
        found = uow.messages.arrival("default", "m1", ROOM, "wxid_a")
        assert found.person is not None
        _stored(uow, found.person, found.group, "m1")
        uow.commit()
    assert uow.people.get(person_id) is not None
    assert uow.messages.seen("default", "m1")
    assert uow.messages.count() == 1
    with uow:  # the next block ends those reads' session
        assert uow.messages.count() == 1


def test_a_commit_of_plain_writes_runs_no_flush_and_later_changes_still_go_out(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    group_id, person_id = _seed(uows)
    flushes: list[object] = []

    def flushed(*_args: object) -> None:
        flushes.append(_args[0])

    event.listen(Session, "before_flush", flushed)
    try:
        with uows() as uow:
            person, group = uow.people.get(person_id), uow.groups.get(group_id)
            assert person is not None and group is not None
            person.display_name = "张阿姨（3号楼）"
            group.topic = group.topic  # set, but unchanged
            _stored(uow, person, group, "m1")
            uow.commit(ids_unread=True)
            assert flushes == []  # sent as plain statements; nothing left for a flush
            assert not uow.messages.session.dirty
            person.display_name = "张阿姨（1号楼）"  # a change after that commit
            _stored(uow, person, group, "m2")
            uow.commit(ids_unread=True)
            uow.messages.session.refresh(person)
            assert person.display_name == "张阿姨（1号楼）"
    finally:
        event.remove(Session, "before_flush", flushed)
    assert _row(engine, "people", person_id)["display_name"] == "张阿姨（1号楼）"
    assert _messages(engine) == ["m1", "m2"]
