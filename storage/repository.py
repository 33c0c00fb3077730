"""What every repository shares: the unit of work's session, one transaction; and the part of
that transaction a message's common path runs without the session (Work)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    Executable,
    Result,
    Select,
    Table,
    select,
)
from sqlalchemy.orm import Mapper, Session, class_mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state

from storage import arrival_facts, raw

T = TypeVar("T")


class Work:
    """A unit of work's transaction before, and unless, it needs the ORM session.

    Most messages are small talk: read the arrival (one Core statement), store the message,
    commit. The ORM session's unit-of-work bookkeeping (identity map, flush, its transaction
    object) costs more than those statements, so that path runs on one Core connection: the
    arrival's group and sender are detached mapped objects whose changes the instrumentation
    still records, and the commit sends them as plain UPDATEs with the message rows.

    The first repository that needs the ORM opens the session (`session()`) on this same
    connection and transaction; the objects read so far join it with their unsaved changes,
    so from then on everything is as if the session had been there from the start (one
    identity per row, its changes flushed before a query that reads them).
    """

    def __init__(self, engine: Engine, open_session: Callable[[Connection | None], Session]):
        self._engine = engine
        self._open_session = open_session
        self._connection: Connection | None = None
        self._session: Session | None = None
        # Rows read by Core statements while there was no session: detached objects by
        # identity key, one object per row as in a session's identity map.
        self._loaded: dict[object, object] = {}
        self.messages: list[dict[str, object]] = []  # rows MessageRepository.add queued
        # What the arrival found absent (storage.arrival_facts): true until a write.
        self.facts = arrival_facts.ArrivalFacts()
        # A new sender's id taken by the arrival statement, and their INSERT waiting for
        # the commit's round trip (MessageRepository.add_sender; PostgreSQL only).
        self.person_id_ahead: int | None = None
        self._ahead: list[raw.Write] = []

    @classmethod
    def over(cls, session: Session) -> Work:
        """A Work whose session is already open (a repository asked for after the block)."""
        bind = session.get_bind()
        assert isinstance(bind, Engine)
        work = cls(bind, lambda _connection: session)
        work._session = session
        return work

    @property
    def has_session(self) -> bool:
        return self._session is not None

    @property
    def connection_opened(self) -> Connection | None:
        """The Core connection this Work opened, if any (a session opened after it runs on
        it too)."""
        return self._connection

    def connection(self) -> Connection:
        """The transaction's connection (the session's, once there is one)."""
        if self._session is not None:
            return self._session.connection()
        if self._connection is None:
            self._connection = self._engine.connect()
        if self._ahead:
            self._send_ahead(self._connection)
        return self._connection

    def insert_ahead(self, statement: Executable, row: Mapping[str, object]) -> None:
        """An INSERT whose id is known already, sent with the commit (take_ahead) or, if
        anything is sent before that, first."""
        self._ahead.append((statement, row))

    def take_ahead(self) -> list[raw.Write]:
        """The INSERTs waiting, for the commit to send with its own writes."""
        taken, self._ahead = self._ahead, []
        return taken

    def _send_ahead(self, connection: Connection) -> None:
        for statement, row in self.take_ahead():
            if raw.write_now(connection, statement, row, returns=False) is None:
                connection.execute(statement, dict(row))  # SQLAlchemy's way (raw.write_now)

    def session(self) -> Session:
        """The ORM session on this transaction, opened on first use."""
        if self._session is None:
            if self._ahead:
                self.connection()  # the rows the session's objects may refer to, first
            session = self._open_session(self._connection)
            session.info[arrival_facts.FACTS] = self.facts
            for instance in self._loaded.values():
                session.add(instance)  # persistent again, its unsaved changes still pending
            self._loaded.clear()
            self._session = session
        return self._session

    def wrote(self) -> bool:
        """Whether this transaction may have written since its arrival (arrival_facts)."""
        return arrival_facts.wrote(self._session)

    def loaded(self) -> list[object]:
        """The detached objects read while there was no session."""
        return list(self._loaded.values())

    def load(self, cls: type[T], values: Sequence[object]) -> T | None:
        """A row read by a Core statement, as a mapped object: what the ORM's loading would
        give (one identity per row, changes tracked), without its per-query cost. The
        mapping is column-only (storage/orm.py), so the columns are the whole object. In a
        session, an object it already holds wins, as with the ORM."""
        session = self._session
        if session is not None:
            return load_into(session, cls, values)
        mapper, keys, key_at = _loader(cast(type, cls))
        if values[key_at] is None:
            return None  # an outer join found no row
        identity = mapper.identity_key_from_primary_key((values[key_at],))
        held = self._loaded.get(identity)
        if held is not None:
            return cast(T, held)
        self._loaded[identity] = instance = _detached(mapper, keys, values, identity)
        return cast(T, instance)


def load_into(session: Session, cls: type[T], values: Sequence[object]) -> T | None:
    """A row of `cls`'s table (its columns in the table's order) read by a Core statement,
    as the session's object: the one it already holds for that key, else a new persistent
    one, as the ORM's loading gives without its per-query cost (see Work.load)."""
    mapper, keys, key_at = _loader(cast(type, cls))
    if values[key_at] is None:
        return None  # an outer join found no row
    identity = mapper.identity_key_from_primary_key((values[key_at],))
    held = session.identity_map.get(identity)
    if held is not None:
        return cast(T, held)
    instance = _detached(mapper, keys, values, identity)
    session.add(instance)
    return cast(T, instance)


def _detached(
    mapper: Mapper[Any], keys: Sequence[str], values: Sequence[object], identity: Any
) -> object:
    instance = mapper.class_manager.new_instance()
    instance.__dict__.update(zip(keys, values, strict=True))
    # Loaded, not new: its key set and its state committed (an UPDATE of what changes,
    # never an INSERT), then attached like any detached object, or kept until a session.
    if _whole(mapper):
        # What make_transient_to_detached comes to for a new instance whose every attribute
        # was just set, none through the instrumentation (nothing modified, committed or
        # expired to clear, nothing unloaded to expire): the identity key, which the caller
        # has made already. Two a message; the general function was a tenth of the ORM's
        # calls on a chat line's path.
        instance_state(instance).key = identity
    else:
        make_transient_to_detached(instance)
    return instance


@cache
def _whole(mapper: Mapper[Any]) -> bool:
    """Whether the mapper's attributes are exactly its table's columns (storage/orm.py maps
    columns only), so that a row of them leaves nothing of the object unloaded."""
    table = mapper.local_table
    assert isinstance(table, Table)
    columns = {mapper.get_property_by_column(column).key for column in table.columns}
    return set(mapper.class_manager) == columns


@cache
def _loader(cls: type) -> tuple[Mapper[Any], tuple[str, ...], int]:
    """The mapper of a class mapped onto one table, its attribute names in the table's
    column order, and the position of its primary key among them."""
    mapper: Mapper[Any] = class_mapper(cls)
    table = mapper.local_table
    assert isinstance(table, Table)
    keys = tuple(mapper.get_property_by_column(column).key for column in table.columns)
    (key_column,) = table.primary_key.columns
    return mapper, keys, list(table.columns).index(key_column)


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched. Session.execute is typed as returning a plain Result;
    for those statements it is a CursorResult, the one that carries the count."""
    assert isinstance(result, CursorResult), type(result)
    return result.rowcount or 0


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def flush(self) -> None:
        self.session.flush()

    def _reading(self, *entities: type) -> AbstractContextManager[object]:
        """Around a query that reads only these entities' tables (and rows written at once,
        never queued for a flush): the ORM's autoflush runs only when one of them has
        unwritten changes. Otherwise it would write everything pending first (a sender's
        home moved by the message, say): an ORM flush of its own and, on PostgreSQL, a
        round trip, where the commit sends the same UPDATE with the rest."""
        return nullcontext() if self._pending(*entities) else self.session.no_autoflush

    def _pending(self, *entities: type) -> bool:
        """Whether the session holds unwritten changes to objects of these entities."""
        session = self.session
        for pending in (session.new, session.dirty, session.deleted):
            if any(isinstance(target, entities) for target in pending):
                return True
        return False

    def _raw_read(
        self, entity: type[T], query: Select[Any], values: Mapping[str, object]
    ) -> list[T] | None:
        """On PostgreSQL, the session's `entity` objects for the rows of `query`, a Core
        select of exactly the entity's table columns: read on the raw cursor (storage.raw)
        and loaded as the ORM would (load_into), its per-query machinery skipped (a report
        asks two or three such reads). The ORM's autoflush is kept: pending changes to
        `entity` are flushed first. None on SQLite, where the ORM's own query is cheap."""
        session = self.session
        connection = session.connection()
        if not raw.is_raw(connection):
            return None
        if self._pending(entity):
            session.flush()
        found = []
        for row in raw.select_rows(connection, query, values):
            loaded = load_into(session, entity, row)
            assert loaded is not None
            found.append(loaded)
        return found

    def _due(self, entity: type[T], table: Table, now: datetime, limit: int) -> Sequence[T]:
        """Rows whose `next_due` timer has come, earliest first, for a sweep. Rows another
        process holds are skipped (FOR UPDATE SKIP LOCKED), and what is read is fresh."""
        c = table.c
        query = (
            select(entity)
            .where(c.next_due.is_not(None), c.next_due <= now)
            .order_by(c.next_due)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).all()
