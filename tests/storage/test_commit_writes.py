"""The unit of work's last writes on real SQLite and PostgreSQL: what goes out with the
commit as plain statements (issue 15 §3), what a read flushes first, conflicts there, and
the arrival statement's answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, event, func, select

from bot.domain.cases import Case, CaseEvent, CaseStatus
from bot.domain.community import Estate, Group, Person
from bot.domain.evidence import Evidence, EvidenceKind
from bot.domain.records import OutboxItem, OutboxStatus, StoredMessage
from bot.ports import Conflict
from storage import rollup, tables
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uows(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


class _Statements:
    def __init__(self, engine: Engine) -> None:
        self.seen: list[str] = []
        event.listen(engine, "before_cursor_execute", self._note)

    def _note(self, *args: object) -> None:
        self.seen.append(str(args[2]))


def _seed(uows: SqlUnitOfWorkFactory) -> tuple[int, int]:
    with uows() as uow:
        estate = uow.estates.add(Estate(key="a", name="甲小区", branch="甲小区党支部"))
        person = uow.people.add(Person(wechat_id="wxid_a", display_name="张阿姨", first_seen=T0))
        assert estate.id is not None and person.id is not None
        case = uow.cases.add(
            Case(
                estate_id=estate.id,
                category="elevator",
                summary="电梯坏了",
                reporter_id=person.id,
                opened_at=T0,
            )
        )
        uow.commit()
        assert case.id is not None
        return case.id, person.id


def _what(statement: str) -> str:
    """A statement's verb and table ("INSERT INTO outbox"), or a function it calls."""
    words = statement.split()
    if words[0].upper() == "SELECT":
        return f"SELECT {words[1].split('(')[0]}"
    return " ".join(words[:3] if words[0].upper() in ("INSERT", "DELETE") else words[:2])


def _message(uow: SqlUnitOfWork, person_id: int, message_id: str) -> None:
    uow.messages.add(
        StoredMessage(
            account="default",
            message_id=message_id,
            sender_id=person_id,
            type="text",
            text="3号楼电梯坏了",
            received_at=T0,
        )
    )


def _reply(person_id: int, key: str) -> OutboxItem:
    return OutboxItem(
        account="default",
        text=f"reply {key}",
        created_at=T0,
        key=key,
        person_id=person_id,
        mention_ids=[person_id],
    )


def test_replies_and_case_events_go_with_the_commit_without_returning_ids(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    case_id, person_id = _seed(uows)
    with uows() as uow:
        case = uow.cases.get(case_id)
        assert case is not None
        case.reporters += 1
        uow.cases.add_event(CaseEvent(case_id=case_id, at=T0, kind="joined", text="又一人反映"))
        replies = [uow.outbox.add(_reply(person_id, key)) for key in ("k0", "k1", "k2")]
        _message(uow, person_id, "m1")
        statements = _Statements(engine)
        uow.commit(ids_unread=True)
    # One plain statement per row (no RETURNING: nobody reads the ids), the ORM's flush
    # not involved; the replies left the session without ids. Then, since the case's count
    # of reporters changed, the recount of its month's rollup rows, after the writes it
    # counts (on PostgreSQL behind the month's advisory lock): all of it before the COMMIT.
    # On PostgreSQL the recount is one statement after the lock's (pgcpu3: both rollups'
    # upserts and deletes as data-modifying CTEs over one count of the month's cases).
    recount = (
        ["SELECT pg_advisory_xact_lock", "WITH f"]
        if engine.dialect.name == "postgresql"
        else [
            "DELETE FROM case_months",
            "INSERT INTO case_months",
            "DELETE FROM case_month_totals",
            "INSERT INTO case_month_totals",
        ]
    )
    assert [_what(s) for s in statements.seen] == [
        "UPDATE cases",
        "INSERT INTO case_events",
        *["INSERT INTO outbox"] * 3,
        "INSERT INTO messages",
        *recount,
    ]
    assert not any("RETURNING" in s.upper() for s in statements.seen)
    assert [r.id for r in replies] == [None, None, None]
    with uows() as uow:
        stored = uow.outbox.by_key("k1")
        assert stored is not None and stored.status is OutboxStatus.PENDING
        assert stored.attempts == 0 and stored.mention_ids == [person_id]
        keys = uow.messages.session.execute(
            select(tables.outbox.c.key).order_by(tables.outbox.c.id)
        ).scalars()
        assert list(keys) == ["k0", "k1", "k2"]  # sent in the order they were queued
        assert [e.kind for e in uow.cases.events(case_id)] == ["joined"]
        again = uow.cases.get(case_id)
        assert again is not None and again.reporters == case.reporters
        assert uow.messages.count() == 1
        # The recount saw the transaction's own UPDATE.
        totals = tables.case_month_totals.c
        counted = uow.messages.session.execute(select(totals.opened, totals.reporters)).all()
        assert [tuple(row) for row in counted] == [(1, 2)]


def test_without_ids_unread_new_rows_get_their_ids(uows: SqlUnitOfWorkFactory) -> None:
    _, person_id = _seed(uows)
    with uows() as uow:
        reply = uow.outbox.add(_reply(person_id, "k0"))
        _message(uow, person_id, "m1")
        uow.commit()
    assert reply.id is not None


def test_a_taken_reply_key_in_the_commit_is_a_conflict_and_keeps_nothing(
    uows: SqlUnitOfWorkFactory,
) -> None:
    case_id, person_id = _seed(uows)
    with uows() as uow:
        uow.outbox.add(_reply(person_id, "k0"))
        uow.commit()
    with pytest.raises(Conflict), uows() as uow:
        case = uow.cases.get(case_id)
        assert case is not None
        case.reporters += 1
        uow.outbox.add(_reply(person_id, "k0"))  # the key another transaction wrote
        _message(uow, person_id, "m1")
        uow.commit(ids_unread=True)
    with uows() as uow:
        assert uow.messages.count() == 0  # the words were not kept apart from the answer
        again = uow.cases.get(case_id)
        assert again is not None and again.reporters == 1
        count = uow.messages.session.scalar(select(func.count()).select_from(tables.outbox))
        assert count == 1
        assert _rollup_reporters(uow) == [1]  # the recount queued after the failure neither
    # The session is usable again: the message goes in on the retry, whose recount starts
    # from what is stored.
    with uows() as uow:
        case = uow.cases.get(case_id)
        assert case is not None
        case.reporters += 1
        uow.outbox.add(_reply(person_id, "k1"))
        _message(uow, person_id, "m1")
        uow.commit(ids_unread=True)
        assert uow.messages.count() == 1
    with uows() as uow:
        assert _rollup_reporters(uow) == [2]


def _rollup_reporters(uow: SqlUnitOfWork) -> list[int]:
    totals = tables.case_month_totals.c
    return list(uow.messages.session.scalars(select(totals.reporters)))


def test_a_read_of_cases_flushes_pending_cases_but_not_other_changes(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    case_id, person_id = _seed(uows)
    with uows() as uow:
        person = uow.people.get(person_id)
        assert person is not None
        person.display_name = "张阿姨（3号楼）"  # pending, and no concern of a case query
        statements = _Statements(engine)
        assert uow.cases.awaiting_rating(person_id) == []
        assert not any(s.lstrip().upper().startswith("UPDATE") for s in statements.seen)
        case = uow.cases.get(case_id)
        assert case is not None
        uow.cases.add_reporter(case_id, person_id, T0)
        case.status = CaseStatus.RESOLVED
        case.resolved_at = T0
        # A pending change of a case is what the query reads: flushed first, as before.
        assert [c.id for c in uow.cases.awaiting_rating(person_id)] == [case_id]
        uow.commit()
    with uows() as uow:
        again = uow.people.get(person_id)
        assert again is not None and again.display_name == "张阿姨（3号楼）"


def test_a_report_s_case_reads_give_the_session_s_objects_and_see_pending_cases(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    """open_candidates and by_reporter (read on the raw cursor on PostgreSQL, pgcpu2) answer
    as the ORM's query did: the object the session already holds, a pending change of a case
    flushed first, other pending changes left for the commit."""
    case_id, person_id = _seed(uows)
    with uows() as uow:
        uow.cases.add_reporter(case_id, person_id, T0)
        uow.commit()
    since = T0 - timedelta(days=1)
    with uows() as uow:
        person = uow.people.get(person_id)
        assert person is not None
        person.display_name = "张阿姨（3号楼）"  # pending, and no concern of a case query
        held = uow.cases.get(case_id)
        assert held is not None and held.estate_id is not None
        statements = _Statements(engine)
        mine = uow.cases.by_reporter(person_id)
        assert [c.id for c in mine] == [case_id] and mine[0] is held
        found = uow.cases.open_candidates(held.estate_id, "elevator", held.building or "", since)
        assert not any(s.lstrip().upper().startswith("UPDATE") for s in statements.seen)
        assert found == [] if held.building is None else found == [held]
        held.building = "3"
        held.status = CaseStatus.IN_PROGRESS
        # The pending change is what the query reads: flushed first, as the ORM's autoflush.
        found = uow.cases.open_candidates(held.estate_id, "elevator", "3", since)
        assert found == [held] and found[0].summary == "电梯坏了"
        held.status = CaseStatus.RESOLVED
        assert uow.cases.open_candidates(held.estate_id, "elevator", "3", since) == []
        assert isinstance(found[0].opened_at, datetime) and found[0].opened_at == T0
        uow.commit()
    with uows() as uow:
        again = uow.people.get(person_id)
        assert again is not None and again.display_name == "张阿姨（3号楼）"
        fresh = uow.cases.by_reporter(person_id)
        assert [(c.id, c.building, c.status) for c in fresh] == [
            (case_id, "3", CaseStatus.RESOLVED)
        ]


def test_a_unit_of_work_used_twice_gets_the_new_session_s_repositories(
    uows: SqlUnitOfWorkFactory,
) -> None:
    _, person_id = _seed(uows)
    uow = uows()
    with uow:
        first = uow.people
        assert first.get(person_id) is not None
    with uow:
        assert uow.people is not first
        assert uow.people.get(person_id) is not None


def test_the_arrival_says_whether_the_sender_s_files_wait_in_this_chat(
    uows: SqlUnitOfWorkFactory,
) -> None:
    case_id, person_id = _seed(uows)
    with uows() as uow:
        here = uow.groups.add(Group(account="default", topic="3号楼", room_id="room-3"))
        there = uow.groups.add(Group(account="default", topic="1号楼", room_id="room-1"))
        assert here.id is not None and there.id is not None
        for i, (group_id, case) in enumerate([(here.id, None), (there.id, case_id), (None, None)]):
            uow.evidence.add(
                Evidence(
                    account="default",
                    sha256=f"{i:064d}",
                    mime="image/jpeg",
                    size=10,
                    kind=EvidenceKind.PHOTO,
                    person_id=person_id,
                    at=T0,
                    message_id=f"photo{i}",
                    group_id=group_id,
                    case_id=case,
                )
            )
        uow.commit()

    def waiting(room_id: str | None, wechat_id: str = "wxid_a", since: datetime = T0) -> object:
        with uows() as uow:
            found = uow.messages.arrival("default", "m9", room_id, wechat_id, since)
            plain = uow.messages.arrival("default", "m9", room_id, wechat_id)
            assert plain.waiting is None  # not asked
            assert (plain.group, plain.person) == (found.group, found.person)
            return found.waiting

    assert waiting("room-3") is True
    assert waiting("room-1") is False  # the file there already belongs to a case
    assert waiting(None) is True  # the one sent privately
    assert waiting("room-3", since=T0 + timedelta(minutes=1)) is False  # too old
    assert waiting("room-3", wechat_id="wxid_new") is False  # nobody known
    assert waiting("room-unknown") is False  # no group yet


def test_the_postgresql_recount_is_short_enough_for_psycopg_to_cache() -> None:
    """psycopg converts (and caches) the text of statements up to MAX_CACHED_STATEMENT_LENGTH
    only; a longer one is parsed anew on every use, a report's recount included."""
    from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH
    from sqlalchemy.dialects import postgresql

    from storage.orm import start_mappers

    start_mappers()
    compiled = rollup._case_recount_pg().compile(dialect=postgresql.dialect())
    assert len(str(compiled)) <= MAX_CACHED_STATEMENT_LENGTH
