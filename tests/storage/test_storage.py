"""The storage layer on real SQLite and real PostgreSQL: schema, round trips, races, outbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, inspect

from bot.domain.cases import Case, CaseStatus
from bot.domain.community import Estate, Person, Role
from bot.domain.records import OutboxItem, OutboxStatus, StoredMessage
from bot.ports import Conflict
from bot.services import outbox
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


def seed(uow: SqlUnitOfWork) -> tuple[Estate, Person]:
    estate = uow.estates.add(Estate(key="a", name="甲小区", branch="甲小区党支部"))
    person = uow.people.add(Person(wechat_id="wxid_a", display_name="张阿姨", first_seen=T0))
    return estate, person


def test_migrations_create_the_schema(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert {"estates", "groups", "people", "messages", "cases", "case_events", "outbox"} <= names
    upgrade(engine)  # a second upgrade is a no-op


def test_times_come_back_aware_and_equal(uows: SqlUnitOfWorkFactory) -> None:
    beijing = timezone(timedelta(hours=8))
    with uows() as uow:
        _, person = seed(uow)
        person.first_seen = datetime(2026, 11, 23, 9, 0, tzinfo=beijing)
        uow.commit()
        person_id = person.id
    with uows() as uow:
        again = uow.people.get(person_id)  # type: ignore[arg-type]
        assert again is not None and again.first_seen is not None
        assert again.first_seen.tzinfo is not None
        assert again.first_seen == datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def test_enums_round_trip(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        estate, person = seed(uow)
        person.role = Role.LEADER
        case = uow.cases.add(
            Case(
                estate_id=estate.id,
                category="elevator",
                summary="电梯坏了",  # type: ignore[arg-type]
                reporter_id=person.id,
                opened_at=T0,
            )  # type: ignore[arg-type]
        )
        uow.commit()
        ids = person.id, case.id
    with uows() as uow:
        person = uow.people.get(ids[0])  # type: ignore[arg-type]
        case = uow.cases.get(ids[1])  # type: ignore[arg-type]
        assert person is not None and person.role is Role.LEADER
        assert case is not None and case.status is CaseStatus.ACCEPTED and case.code == "E0001"


def test_uncommitted_work_is_rolled_back(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        seed(uow)  # no commit
    with uows() as uow:
        assert uow.estates.all() == []


def test_a_message_id_is_stored_once(uows: SqlUnitOfWorkFactory) -> None:
    def store() -> None:
        with uows() as uow:
            person = uow.people.by_wechat_id("wxid_a")
            assert person is not None
            uow.messages.add(
                StoredMessage(
                    account="default",
                    message_id="m1",
                    sender_id=person.id,
                    type="text",
                    text="hi",  # type: ignore[arg-type]
                    received_at=T0,
                )
            )
            uow.commit()

    with uows() as uow:
        seed(uow)
        uow.commit()
    store()
    with pytest.raises(Conflict):
        store()


def test_outbox_claims_each_message_once_and_releases_orphans(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        _, person = seed(uow)
        for i in range(3):
            uow.outbox.add(
                OutboxItem(
                    account="default", text=f"m{i}", created_at=T0, key=f"k{i}", person_id=person.id
                )
            )
        uow.outbox.add(
            OutboxItem(account="other", text="x", created_at=T0, key="kx", person_id=person.id)
        )
        uow.commit()
    with uows() as uow:
        first = outbox.claim_due(uow, "default", T0, limit=2)
        uow.commit()
    with uows() as uow:
        second = outbox.claim_due(uow, "default", T0, limit=10)
        uow.commit()
    assert [m.text for m in first] == ["m0", "m1"] and [m.text for m in second] == ["m2"]
    assert first[0].to_id == "wxid_a" and first[0].idempotency_key == "k0"
    with uows() as uow:
        outbox.mark_sent(uow, first[0].outbox_id, T0)
        outbox.mark_failed(uow, first[1].outbox_id, T0, "offline", transient=True)
        uow.commit()
    with uows() as uow:
        assert outbox.claim_due(uow, "default", T0, limit=10) == []  # m1 waits for its backoff
        retried = outbox.claim_due(uow, "default", T0 + timedelta(minutes=1), limit=10)
        uow.commit()
    assert [m.text for m in retried] == ["m1"]
    # A crash leaves m2 and m1 claimed; the next start hands them back.
    with uows() as uow:
        assert outbox.release_claimed(uow, "default", T0 + timedelta(minutes=2)) == 2
        uow.commit()
        counts = uow.outbox.counts("default")
    assert counts == {"sent": 1, "pending": 2}


def test_permanent_failure_stops_retrying(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        _, person = seed(uow)
        uow.outbox.add(
            OutboxItem(account="default", text="m", created_at=T0, key="k", person_id=person.id)
        )
        uow.commit()
    with uows() as uow:
        [claimed] = outbox.claim_due(uow, "default", T0, limit=1)
        outbox.mark_failed(uow, claimed.outbox_id, T0, "contact gone", transient=False)
        uow.commit()
    with uows() as uow:
        item = uow.outbox.get(claimed.outbox_id)
        assert item is not None and item.status is OutboxStatus.FAILED
        assert item.error == "contact gone"


def test_migrations_have_one_head_and_match_the_tables(engine: Engine) -> None:
    """A new migration has one obvious parent, and the migrated schema is what tables.py says."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config
    from storage.tables import metadata

    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        drift = compare_metadata(context, metadata)
    assert drift == [], drift
