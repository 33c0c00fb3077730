"""The unit of work: one transaction, rolled back unless commit() is called."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, cast, overload

from sqlalchemy import Connection, Engine, Insert, Table, Update, bindparam
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import instance_state, set_committed_value

from bot.domain.cases import CaseEvent
from bot.domain.records import OutboxItem
from bot.ports import Conflict, Unavailable
from storage import durability, raw, rollup, tables
from storage.absence_repositories import AbsenceRepository
from storage.account_repositories import AccountRepository
from storage.activity_repositories import ActivityRepository
from storage.case_repositories import CaseRepository
from storage.contact_repositories import ContactRepository
from storage.erasure_repositories import ErasureRepository
from storage.evidence_repositories import EvidenceRepository
from storage.export_repositories import ExportFileRepository
from storage.group_account_repositories import GroupAccountRepository
from storage.helpdesk_repositories import HelpdeskRepository
from storage.outbox_repositories import BroadcastRepository, OutboxRepository
from storage.personal_data_repositories import PersonalDataRepository
from storage.point_source_repositories import PointSourceRepository
from storage.points_report_repositories import PointsReportRepository
from storage.points_repositories import MarketRepository, PointsRepository, WishRepository
from storage.publication_repositories import PublicationRepository
from storage.repositories import (
    INSERT_MESSAGE,
    EstateRepository,
    GroupRepository,
    MessageRepository,
    PersonRepository,
    StaffRepository,
)
from storage.repository import Repository, Work
from storage.retention_repositories import RetentionRepository
from storage.review_repositories import ReviewRepository
from storage.sending_repositories import SendingRepository
from storage.topic_repositories import SuggestionRepository, TopicRepository
from storage.vote_repositories import (
    BallotRepository,
    HouseholdRepository,
    ObjectionRepository,
    VoteRepository,
)
from storage.webhook_repositories import CallbackReceiptRepository, WebhookRepository

R = TypeVar("R", bound=Repository | MessageRepository)


class _Repo(Generic[R]):
    """A repository made on first use in a unit of work: a message touches three or four of
    the twenty-odd, and making them all on every `with uow:` was a measurable part of the
    pipeline's time. A non-data descriptor: once made, the instance's own attribute wins.
    Made on the ORM session (opened then), or with `core`, on the unit of work's Work (its
    Core connection; see storage.repository.Work)."""

    def __init__(self, repository: type[R], *, core: bool = False) -> None:
        self._repository = repository
        self._core = core

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, uow: None, owner: type) -> _Repo[R]: ...
    @overload
    def __get__(self, uow: SqlUnitOfWork, owner: type) -> R: ...
    def __get__(self, uow: SqlUnitOfWork | None, owner: type) -> _Repo[R] | R:
        if uow is None:
            return self
        work = uow._work
        if work is None:
            # After the block: a session of its own, as a closed session that begins anew.
            work = Work.over(uow._session_after())
        make = cast(Any, self._repository)
        repository = cast(R, make(work) if self._core else make(work.session()))
        uow.__dict__[self._name] = repository
        uow._made.append(self._name)
        return repository


class SqlUnitOfWork:
    estates = _Repo(EstateRepository)
    groups = _Repo(GroupRepository)
    people = _Repo(PersonRepository)
    messages = _Repo(MessageRepository, core=True)
    cases = _Repo(CaseRepository)
    outbox = _Repo(OutboxRepository)
    staff = _Repo(StaffRepository)
    wishes = _Repo(WishRepository)
    points = _Repo(PointsRepository)
    points_reports = _Repo(PointsReportRepository)
    publications = _Repo(PublicationRepository)
    exports = _Repo(ExportFileRepository)
    point_sources = _Repo(PointSourceRepository)
    market = _Repo(MarketRepository)
    webhooks = _Repo(WebhookRepository)
    callbacks = _Repo(CallbackReceiptRepository)
    activities = _Repo(ActivityRepository)
    broadcasts = _Repo(BroadcastRepository)
    review = _Repo(ReviewRepository)
    households = _Repo(HouseholdRepository)
    votes = _Repo(VoteRepository)
    ballots = _Repo(BallotRepository)
    objections = _Repo(ObjectionRepository)
    suggestions = _Repo(SuggestionRepository)
    topics = _Repo(TopicRepository)
    helpdesk = _Repo(HelpdeskRepository)
    evidence = _Repo(EvidenceRepository)
    retention = _Repo(RetentionRepository)
    personal_data = _Repo(PersonalDataRepository)
    erasure = _Repo(ErasureRepository)
    accounts = _Repo(AccountRepository)
    group_accounts = _Repo(GroupAccountRepository)
    contacts = _Repo(ContactRepository)
    sending = _Repo(SendingRepository)
    absences = _Repo(AbsenceRepository)

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._work: Work | None = None
        # The repositories made so far (in __dict__), so a block's end drops those few and
        # does not try the thirty-odd names one by one, twice a message.
        self._made: list[str] = []
        # A session for repositories first asked for after the block (as when every
        # repository was made on entry and a closed session began anew if used).
        self._after: Session | None = None

    def __enter__(self) -> Self:
        # Repositories made for an earlier `with` of this object belong to its transaction.
        self._forget_repositories()
        if self._after is not None:
            self._after.close()  # the reads after the last block are over
            self._after = None
        engine = self._session_factory.kw["bind"]
        assert isinstance(engine, Engine)
        self._work = Work(engine, self._open_session)
        return self

    @property
    def _session(self) -> Session | None:
        """The block's ORM session, opened now if it was not yet (None outside the block)."""
        return self._work.session() if self._work is not None else None

    def _forget_repositories(self) -> None:
        for name in self._made:
            self.__dict__.pop(name, None)
        self._made.clear()

    def _open_session(self, connection: Connection | None) -> Session:
        if connection is None:
            return self._session_factory()
        # The Core connection's transaction, as the session's own: its commit commits it.
        return self._session_factory(bind=connection, join_transaction_mode="control_fully")

    def _session_after(self) -> Session:
        if self._after is None:
            self._after = self._session_factory()
        return self._after

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        work = self._work
        assert work is not None
        session = work.session() if work.has_session else None
        connection = work.connection_opened
        try:
            if session is not None:
                # Detach first so objects read here stay readable after the block (a
                # rollback would expire them); nothing uncommitted reaches the database.
                session.expunge_all()
                session.rollback()
        finally:
            try:
                if session is not None:
                    session.close()
            finally:
                if connection is not None:
                    connection.close()  # back to the pool, rolling back what is open
                self._work = None
                # A repository asked for after the block is made anew, on a session of its
                # own (this block's connection is closed).
                self._forget_repositories()
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            # The server went away (restart, failover, idle timeout): the pool has dropped
            # the connection; say so in the core's terms so the caller may try again.
            raise Unavailable(str(exc.orig)) from exc
        if isinstance(exc, IntegrityError) or (isinstance(exc, DBAPIError) and _lost_race(exc)):
            # A flush inside the block (an INSERT that needs its id) lost a race for a unique
            # key, as commit() may: the same Conflict, so the core can run the use case again.
            raise Conflict(str(exc.orig)) from exc
        if isinstance(exc, OperationalError):
            # The database cannot be reached or used right now (server refusing connections,
            # SQLite locked past its busy timeout): nothing was kept, the caller may wait and
            # run it again (the runtime holds a resident's message until it can).
            raise Unavailable(str(exc.orig)) from exc

    def commit(self, *, ids_unread: bool = False) -> None:
        work = self._work
        assert work is not None, "commit() outside `with uow:`"
        work.facts.reporters_cases.clear()  # what is read after the commit is read anew
        try:
            if work.has_session:
                self._commit_session(work.session(), ids_unread=ids_unread)
            else:
                _commit_core(work, self.messages.take_pending())
        except IntegrityError as exc:
            raise Conflict(str(exc.orig)) from exc
        except DBAPIError as exc:
            if _lost_race(exc):
                raise Conflict(str(exc.orig)) from exc
            raise

    def _commit_session(self, session: Session, *, ids_unread: bool) -> None:
        # The monthly rollup rows of the cases and points this transaction writes are
        # recounted after the writes and committed with them (storage/rollup.py). Their
        # (小区, month) are noted now, while the changed objects still have their history:
        # the last writes below may be sent as plain statements, which clears it.
        recount = rollup.pending(session)
        messages = self.messages.take_pending()
        if messages:
            connection = session.connection()
            if connection.dialect.name == "postgresql":
                writes = _pending_writes(session, ids_unread=ids_unread)
                # After a flush _pending_writes may have done.
                statements = rollup.statements(session)
                _write_and_commit_pipelined(connection, writes, messages, statements)
                _written(session, writes)  # and committed
            else:
                _write(session, connection, messages, ids_unread=ids_unread)
        elif recount:
            session.flush()
            rollup.refresh(session)
        session.commit()

    def rollback(self) -> None:
        work = self._work
        assert work is not None
        # Through the session, so the objects read are expired as a rollback does.
        work.session().rollback()


def _commit_core(work: Work, messages: list[dict[str, object]]) -> None:
    """Commit a transaction that never needed the ORM session (a message that was small
    talk): the changes to the objects read (a sender's home learned, a room's last-seen
    time) as UPDATEs by primary key, the message rows, the COMMIT; in one round trip on
    PostgreSQL. Nothing here is counted by the rollups (cases and points are written
    through the session only)."""
    writes = _Writes(_updates_of(work.loaded()), [])
    # A new sender's INSERT (PostgreSQL: MessageRepository.add_sender) goes with the rest,
    # first; unless their row changed since, which an UPDATE in the same statement could
    # not see (one snapshot): then on its own before, as it went without the wait.
    changed = {u.key for u in writes.updates if u.table is tables.people}
    ahead = [] if changed else work.take_ahead()
    if not messages and not writes.updates and not ahead and work.connection_opened is None:
        return  # nothing read, nothing written: no transaction to end
    connection = work.connection()
    if connection.dialect.name == "postgresql":
        _write_and_commit_pipelined(connection, writes, messages, [], ahead)
    else:
        _send(connection, writes, messages)
    connection.commit()  # after the pipeline's COMMIT there is nothing left: nothing sent
    _written(None, writes)


def _updates_of(targets: list[object]) -> list[_Update]:
    """The UPDATEs that write the changed column attributes of loaded objects."""
    updates = []
    for target in targets:
        state = instance_state(target)
        if not state.modified:
            continue
        update = _update_of(target)
        assert update is not None, "a loaded object's primary key never changes"
        if update.values:
            updates.append(update)
    return updates


# deadlock_detected, serialization_failure: the server rolled the transaction back to let
# another one through (two accounts' processes locking a case and a group in opposite
# orders); nothing was kept, so the use case may simply run again, as after a Conflict.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def _lost_race(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


@dataclass(frozen=True)
class _Update:
    """A changed row of a loaded object: its table, primary key and the new column values."""

    target: object
    table: Table
    key: object
    values: dict[str, object]


@dataclass(frozen=True)
class _Insert:
    """A new object's row: its table and the column values the ORM would have sent."""

    target: object
    table: Table
    values: dict[str, object]


@dataclass(frozen=True)
class _Writes:
    updates: list[_Update]
    inserts: list[_Insert]


# New objects whose generated ids nobody reads once a message's transaction commits: the
# replies it queued (the sender claims them from the table) and its cases' history lines.
# Only when the caller says so (commit(ids_unread=True), the pipeline) are they written
# as plain INSERTs without RETURNING, so they can go with the COMMIT.
INSERTED_WITH_COMMIT: tuple[type, ...] = (OutboxItem, CaseEvent)


def _plain_writes(session: Session, *, ids_unread: bool) -> _Writes | None:
    """What the ORM's flush would write, when that is only UPDATEs of loaded rows by primary
    key (a resident's home learned from the group, a room's last-seen time, a case's count
    of reporters) and, with `ids_unread`, INSERTs of INSERTED_WITH_COMMIT objects: then
    they can go out with the commit. None when the flush has more to do (deleted objects,
    other new ones, whose ids or order matter): the caller flushes as usual.

    The mapping is column-only (storage/orm.py: no relationships, no version counter, no
    onupdate defaults), so an object's changes are exactly its changed column attributes,
    and a new object's foreign keys name rows already written (repositories flush a new
    case, person or group at once).
    """
    if session.deleted:
        return None
    inserts: list[_Insert] = []
    if session.new:
        if not ids_unread:
            return None
        for target in session.new:
            if not isinstance(target, INSERTED_WITH_COMMIT):
                return None
        inserts = [_insert_of(target) for target in session.new]
        inserts.sort(key=lambda insert: instance_state(insert.target).insert_order or 0)
    updates = []
    for target in session.dirty:
        update = _update_of(target)
        if update is None:
            return None
        if update.values:
            updates.append(update)
    return _Writes(updates, inserts)


def _update_of(target: object) -> _Update | None:
    """The UPDATE by primary key that writes a loaded object's changed column attributes
    (no values: nothing changed); None when it cannot be one (no single-column key, or
    the key itself changed)."""
    state = instance_state(target)
    mapper = state.mapper
    table = mapper.local_table
    if not isinstance(table, Table) or len(mapper.primary_key) != 1 or state.key is None:
        return None
    values: dict[str, object] = {}
    attrs, columns = state.attrs, mapper.column_attrs
    # Only the attributes set since the row was loaded: the ORM keeps their old values in
    # committed_state, and an attribute without an entry there has no history to write.
    # A case has 42 columns and a report changes two or three; asking each column's
    # history was a tenth of a report's commit.
    for key in state.committed_state:
        added = attrs[key].history.added
        if added:
            column = columns[key].columns[0]
            if column.primary_key:
                return None
            values[column.key] = added[0]
    return _Update(target, table, state.key[1][0], values)


def _insert_of(target: object) -> _Insert:
    state = instance_state(target)
    table = state.mapper.local_table
    assert isinstance(table, Table)
    # As the ORM's INSERT: a None is left out, so the column's default applies.
    values = {
        prop.columns[0].key: value
        for prop in state.mapper.column_attrs
        if (value := state.dict.get(prop.key)) is not None
    }
    return _Insert(target, table, values)


@cache
def _update_by_key(table: Table) -> Update:
    """UPDATE … WHERE <primary key> = :_key; the SET clause is the parameters given."""
    (key,) = table.primary_key.columns
    return table.update().where(key == bindparam("_key"))


@cache
def _insert_inline(table: Table) -> Insert:
    """INSERT without RETURNING: nobody reads the generated id (see INSERTED_WITH_COMMIT)."""
    return table.insert().inline()


def _pending_writes(session: Session, *, ids_unread: bool) -> _Writes:
    writes = _plain_writes(session, ids_unread=ids_unread)
    if writes is None:
        session.flush()
        writes = _Writes([], [])
    return writes


def _statements(writes: _Writes, rows: list[dict[str, object]]) -> list[raw.Write]:
    """The last writes in order: UPDATEs of changed rows, INSERTs of new ones, the messages."""
    return [
        *((_update_by_key(u.table), {**u.values, "_key": u.key}) for u in writes.updates),
        *((_insert_inline(i.table), i.values) for i in writes.inserts),
        *((INSERT_MESSAGE, row) for row in rows),
    ]


def _send(connection: Connection, writes: _Writes, rows: list[dict[str, object]]) -> None:
    if raw.is_raw(connection):
        # Queued in psycopg's pipeline, each statement compiled once (storage.raw).
        raw.write(connection, _statements(writes, rows))
        return
    for update in writes.updates:
        connection.execute(_update_by_key(update.table), {**update.values, "_key": update.key})
    for insert in writes.inserts:
        connection.execute(_insert_inline(insert.table), insert.values)
    for row in rows:
        connection.execute(INSERT_MESSAGE, row)


def _recount(connection: Connection, statements: list[rollup.Statement]) -> None:
    """The rollup's recount, after the writes it counts (on their connection, so it sees
    them) and before the COMMIT."""
    if raw.is_raw(connection):
        raw.write(connection, statements)  # queued in psycopg's pipeline, compiled once
        return
    for statement, values in statements:
        connection.execute(statement, values)


def _write(
    session: Session, connection: Connection, rows: list[dict[str, object]], *, ids_unread: bool
) -> None:
    """The transaction's last writes (SQLite): the message rows, and what the ORM has left
    to flush as plain statements when _plain_writes allows (the ORM's flush of one changed
    object costs more than the statement it sends); then the rollup's recount."""
    writes = _pending_writes(session, ids_unread=ids_unread)
    _send(connection, writes, rows)
    _recount(connection, rollup.statements(session))
    _written(session, writes)


def _written(session: Session | None, writes: _Writes) -> None:
    """The objects are as stored now: the session's commit has nothing left to flush. New
    ones leave the session (as transient objects, without the ids nobody reads)."""
    for update in writes.updates:
        for name, value in update.values.items():
            set_committed_value(update.target, name, value)
    for insert in writes.inserts:
        assert session is not None
        session.expunge(insert.target)
    targets = [u.target for u in writes.updates] if session is None else list(session.dirty)
    for target in targets:
        _settle(target, session)


def _settle(target: object, session: Session | None) -> None:
    """Mark an object that has no unsaved change left as clean, as the ORM's own flush does
    after writing it. Otherwise it stays flagged as modified (set_committed_value does not
    clear the flag; nor does setting an attribute to the value it had), and the session's
    commit runs a whole flush to find nothing to write: a fifth of a report's commit."""
    state = instance_state(target)
    attrs = state.attrs
    if any(attrs[key].history.has_changes() for key in state.committed_state):
        return
    # The SQLAlchemy internal that its flush calls on each object it wrote (there is no
    # public one: expire() would read the row again).
    state._commit_all(state.dict, session.identity_map if session is not None else None)


def _write_and_commit_pipelined(
    connection: Connection,
    writes: _Writes,
    rows: list[dict[str, object]],
    recount: list[rollup.Statement],
    ahead: list[raw.Write] | None = None,
) -> None:
    """The transaction's last writes and its COMMIT in one round trip (psycopg's pipeline).

    Last writes: the message rows, and what the ORM has left to flush as plain statements
    when _plain_writes allows (otherwise the ORM has flushed first, as usual), or what a
    transaction without a session changed (_commit_core). Then the rollup's recount
    (advisory locks, DELETE, INSERT … SELECT: nothing reads their results), queued after
    the writes it must see; a lock another transaction holds makes the server wait there,
    before the COMMIT, as a recount sent on its own would. The commit that follows (the
    session's, or the connection's) finds nothing to write and the transaction closed, so
    it sends nothing. When no transaction is open yet, BEGIN is queued by hand too, since
    psycopg would sync the pipeline after its own BEGIN. Errors from the pipeline's sync come
    straight from psycopg, so they are translated here.
    """
    import psycopg  # only on PostgreSQL; SQLite deployments never load it

    pg = connection.connection.dbapi_connection
    assert isinstance(pg, psycopg.Connection)
    idle = pg.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE
    statements = [*(ahead or []), *_statements(writes, rows)]
    one = raw.one_statement(connection, statements) if statements else None
    if one is not None and idle and not recount:
        _commit_as_one_statement(connection, pg, *one)
        return
    cursor = raw.cursor_of(connection)  # the connection's raw cursor (pg.execute makes one)
    try:
        if idle:
            raw.set_autocommit(pg, True)
        with raw.translated(connection), pg.pipeline():
            if idle:
                cursor.execute("BEGIN")
                durability.queue_async_commit(pg)  # inside a commit group only
            if one is not None:
                raw.execute(connection, raw.joined(one[0], "SELECT 1"), one[1])
            else:
                raw.write(connection, statements)
            _recount(connection, recount)
            # COMMIT as a queued statement, not pg.commit(): that would sync the pipeline
            # once more, a second round trip for nothing.
            cursor.execute("COMMIT")
    finally:
        if idle and not pg.closed:
            if pg.pgconn.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                pg.execute("ROLLBACK")  # the pipeline failed between BEGIN and COMMIT
            raw.set_autocommit(pg, False)


def _commit_as_one_statement(
    connection: Connection, pg: Any, parts: tuple[str, ...], parameters: dict[str, object]
) -> None:
    """A transaction that only writes (nothing read in it: the arrival reads ahead of it)
    as one statement in autocommit, its own transaction: one round trip and one statement
    for psycopg to handle, where BEGIN, SET LOCAL, the writes and COMMIT were four or five.
    Inside a commit group its commit does not wait for the disk (storage.durability)."""
    main = durability.ASYNC_COMMIT_IN_STATEMENT if durability.async_commit() else "SELECT 1"
    raw.set_autocommit(pg, True)  # no transaction open (the caller checked)
    try:
        with raw.translated(connection):
            raw.execute(connection, raw.joined(parts, main), parameters)
    finally:
        if not pg.closed:
            raw.set_autocommit(pg, False)


class SqlUnitOfWorkFactory:
    """Hands out a fresh unit of work per use case; what the core is given."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._session_factory)

    def deferred_commits(self) -> AbstractContextManager[durability.Group]:
        """Transactions of this thread commit without waiting for the disk until the block
        ends (PostgreSQL; on SQLite nothing changes); see storage.durability."""
        return durability.deferred()

    def flush_commits(self) -> None:
        """Every transaction committed so far made durable by one synchronous commit."""
        engine = self._session_factory.kw["bind"]
        assert isinstance(engine, Engine)
        if engine.dialect.name == "postgresql":
            durability.flush(engine)
