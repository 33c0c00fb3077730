"""Migration 0007_accounts and the accounts repository on SQLite and PostgreSQL: copies of one
room made by several accounts before it are unbound (the oldest keeps the room), and from
then on a room is one group."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.domain.accounts import LinkState
from bot.domain.community import Group
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.scratch import temporary_database
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema yet (the session's PostgreSQL one is already at head)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with temporary_database(prefix="linli_accounts") as url:
        yield url


def test_the_migration_unbinds_copies_of_a_room_and_records_who_sat_there(empty_db: str) -> None:
    engine = make_engine(empty_db)
    upgrade(engine, "0006_district")
    with engine.begin() as conn:
        for account, room, topic in (
            ("a", "r1@chatroom", "兰亭3号楼邻里群"),
            ("b", "r1@chatroom", "兰亭3号楼邻里群"),  # b's copy of the same room
            ("b", "r2@chatroom", "锦绣1栋楼栋群"),
            ("a", None, "没见过的群"),
        ):
            conn.execute(
                text(
                    "INSERT INTO groups (account, room_id, topic, last_seen) "
                    "VALUES (:a, :r, :t, :s)"
                ),
                {"a": account, "r": room, "t": topic, "s": NOW},
            )
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, account, room_id, left_at FROM groups ORDER BY id")
        ).all()
        sits = conn.execute(
            text("SELECT group_id, account FROM group_accounts ORDER BY group_id, account")
        ).all()
    assert [(r.account, r.room_id, r.left_at is None) for r in rows] == [
        ("a", "r1@chatroom", True),
        ("b", None, False),  # kept for its history, no longer the room's group
        ("b", "r2@chatroom", True),
        ("a", None, True),
    ]
    assert [tuple(s) for s in sits] == [(1, "a"), (1, "b"), (3, "b")]
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text("INSERT INTO groups (account, room_id, topic) VALUES ('c', 'r1@chatroom', 'x')")
        )
    engine.dispose()


def test_account_rows_and_who_sits_where(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    with factory() as uow:
        uow.accounts.ensure("a", NOW)
        uow.accounts.ensure("a", NOW)  # a second start finds the row
        assert uow.accounts.set_state("a", LinkState.ONLINE, "微信已登录", NOW)
        assert not uow.accounts.set_state("a", LinkState.ONLINE, "微信已登录", NOW)
        uow.accounts.beat("a", NOW, queue=3, sent_today=7, per_minute=40, per_day=0)
        uow.commit()
    with factory() as uow:
        row = uow.accounts.get("a")
        assert row is not None and (row.state, row.queue, row.sent_today) == (
            LinkState.ONLINE,
            3,
            7,
        )
        assert row.heartbeat_at == NOW and uow.accounts.get("nobody") is None
        group = uow.groups.add(Group(account="a", topic="g", room_id="r9"))
        assert uow.groups.by_room_id("r9") is group and group.id is not None
        group_id = group.id
        assert uow.group_accounts.sits_in(group_id, "a", NOW)
        assert not uow.group_accounts.sits_in(group_id, "a", NOW)  # not news
        assert uow.group_accounts.sits_in(group_id, "b", NOW)
        uow.group_accounts.left(group_id, "a", NOW)
        assert uow.group_accounts.present(group_id) == ["b"]
        assert uow.group_accounts.sits_in(group_id, "a", NOW)  # back in: news again
        assert uow.group_accounts.memberships() == {group_id: ["a", "b"]}
        uow.commit()
    engine.dispose()


def test_a_seat_is_one_upsert_that_rewrites_only_what_is_stale(db_url: str) -> None:
    """sits_in writes the row when it is new, back after leaving, or last seen 10 minutes ago
    or more; a seat seen lately is left as it is (same answers on both backends)."""
    engine = make_engine(db_url)
    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    later = NOW + timedelta(minutes=9, seconds=59)
    with factory() as uow:
        group = uow.groups.add(Group(account="a", topic="g", room_id="r7"))
        assert group.id is not None
        group_id = group.id
        assert uow.group_accounts.sits_in(group_id, "a", NOW)
        assert not uow.group_accounts.sits_in(group_id, "a", later)  # seen lately: untouched
        assert uow.group_accounts.sits_in(group_id, "a", NOW + timedelta(minutes=10))
        assert uow.group_accounts.sits_in(group_id, "b", later)
        uow.group_accounts.left(group_id, "b", later)
        assert uow.group_accounts.present(group_id) == ["a"]
        assert uow.group_accounts.sits_in(group_id, "b", later)  # back in at once: written
        assert uow.group_accounts.present(group_id) == ["b", "a"]  # earliest seen first
        uow.commit()
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT account, last_seen, left_at FROM group_accounts ORDER BY account")
        ).all()
    seen = [(row[0], row[2]) for row in rows]
    assert seen == [("a", None), ("b", None)]
    engine.dispose()
