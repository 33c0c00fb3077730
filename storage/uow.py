"""The unit of work: one transaction, rolled back unless commit() is called."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Table, Update, bindparam, inspect
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from bot.ports import Conflict, Unavailable
from storage import rollup
from storage.account_repositories import AccountRepository
from storage.activity_repositories import ActivityRepository
from storage.evidence_repositories import EvidenceRepository
from storage.helpdesk_repositories import HelpdeskRepository
from storage.outbox_repositories import BroadcastRepository, OutboxRepository
from storage.points_repositories import MarketRepository, PointsRepository, WishRepository
from storage.privacy_repositories import PrivacyRepository
from storage.repositories import (
    INSERT_MESSAGE,
    CaseRepository,
    EstateRepository,
    GroupRepository,
    MessageRepository,
    PersonRepository,
    StaffRepository,
)
from storage.review_repositories import ReviewRepository
from storage.topic_repositories import SuggestionRepository, TopicRepository
from storage.vote_repositories import (
    BallotRepository,
    HouseholdRepository,
    ObjectionRepository,
    VoteRepository,
)
from storage.webhook_repositories import CallbackReceiptRepository, WebhookRepository


class SqlUnitOfWork:
    estates: EstateRepository
    groups: GroupRepository
    people: PersonRepository
    messages: MessageRepository
    cases: CaseRepository
    outbox: OutboxRepository
    staff: StaffRepository
    wishes: WishRepository
    points: PointsRepository
    market: MarketRepository
    webhooks: WebhookRepository
    callbacks: CallbackReceiptRepository
    activities: ActivityRepository
    broadcasts: BroadcastRepository
    review: ReviewRepository
    households: HouseholdRepository
    votes: VoteRepository
    ballots: BallotRepository
    objections: ObjectionRepository
    suggestions: SuggestionRepository
    topics: TopicRepository
    helpdesk: HelpdeskRepository
    evidence: EvidenceRepository
    privacy: PrivacyRepository
    accounts: AccountRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    def __enter__(self) -> Self:
        session = self._session = self._session_factory()
        self.estates = EstateRepository(session)
        self.groups = GroupRepository(session)
        self.people = PersonRepository(session)
        self.messages = MessageRepository(session)
        self.cases = CaseRepository(session)
        self.outbox = OutboxRepository(session)
        self.staff = StaffRepository(session)
        self.wishes = WishRepository(session)
        self.points = PointsRepository(session)
        self.market = MarketRepository(session)
        self.webhooks = WebhookRepository(session)
        self.callbacks = CallbackReceiptRepository(session)
        self.activities = ActivityRepository(session)
        self.broadcasts = BroadcastRepository(session)
        self.review = ReviewRepository(session)
        self.households = HouseholdRepository(session)
        self.votes = VoteRepository(session)
        self.ballots = BallotRepository(session)
        self.objections = ObjectionRepository(session)
        self.suggestions = SuggestionRepository(session)
        self.topics = TopicRepository(session)
        self.helpdesk = HelpdeskRepository(session)
        self.evidence = EvidenceRepository(session)
        self.privacy = PrivacyRepository(session)
        self.accounts = AccountRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            # Detach first so objects read here stay readable after the block (a rollback
            # would expire them); nothing uncommitted reaches the database either way.
            self._session.expunge_all()
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            # The server went away (restart, failover, idle timeout): the pool has dropped
            # the connection; say so in the core's terms so the caller may try again.
            raise Unavailable(str(exc.orig)) from exc
        if isinstance(exc, IntegrityError) or (isinstance(exc, DBAPIError) and _lost_race(exc)):
            # A flush inside the block (an INSERT that needs its id) lost a race for a unique
            # key, as commit() may: the same Conflict, so the core can run the use case again.
            raise Conflict(str(exc.orig)) from exc

    def commit(self) -> None:
        session = self._session
        assert session is not None, "commit() outside `with uow:`"
        try:
            if rollup.pending(session):
                # The monthly rollup rows of the cases and points this transaction wrote are
                # recounted after the writes and committed with them (storage/rollup.py).
                session.flush()
                rollup.refresh(session)
            messages = self.messages.take_pending()
            if messages:
                connection = session.connection()
                if connection.dialect.name == "postgresql":
                    _write_and_commit_pipelined(session, connection, messages)
                else:
                    session.flush()
                    for row in messages:
                        connection.execute(INSERT_MESSAGE, row)
            session.commit()
        except IntegrityError as exc:
            raise Conflict(str(exc.orig)) from exc
        except DBAPIError as exc:
            if _lost_race(exc):
                raise Conflict(str(exc.orig)) from exc
            raise

    def rollback(self) -> None:
        assert self._session is not None
        self._session.rollback()


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


def _plain_updates(session: Session) -> list[_Update] | None:
    """What the ORM's flush would write, when that is only UPDATEs of loaded rows by primary
    key (a resident's home learned from the group, a room's last-seen time): then they can
    go out with the commit. None when the flush has more to do (new or deleted objects,
    whose ids or order matter): the caller flushes as usual.

    The mapping is column-only (storage/orm.py: no relationships, no version counter, no
    onupdate defaults), so an object's changes are exactly its changed column attributes.
    """
    if session.new or session.deleted:
        return None
    updates = []
    for target in session.dirty:
        state = inspect(target)
        mapper = state.mapper
        table = mapper.local_table
        if not isinstance(table, Table) or len(mapper.primary_key) != 1 or state.key is None:
            return None
        values: dict[str, object] = {}
        for prop in mapper.column_attrs:
            added = state.attrs[prop.key].history.added
            if added:
                column = prop.columns[0]
                if column.primary_key:
                    return None
                values[column.key] = added[0]
        if values:
            updates.append(_Update(target, table, state.key[1][0], values))
    return updates


@cache
def _update_by_key(table: Table) -> Update:
    """UPDATE … WHERE <primary key> = :_key; the SET clause is the parameters given."""
    (key,) = table.primary_key.columns
    return table.update().where(key == bindparam("_key"))


def _write_and_commit_pipelined(
    session: Session, connection: Connection, rows: list[dict[str, object]]
) -> None:
    """The transaction's last writes and its COMMIT in one round trip (psycopg's pipeline).

    Last writes: the message rows, and the changed rows of loaded objects when that is all
    the ORM has left to flush (see _plain_updates); otherwise the ORM flushes first, as
    usual. The session's own commit that follows finds nothing to write and the transaction
    closed, so it sends nothing. When no transaction is open yet, BEGIN is queued by hand
    too, since psycopg would sync the pipeline after its own BEGIN. Errors from the
    pipeline's sync come straight from psycopg, so they are translated here.
    """
    import psycopg  # only on PostgreSQL; SQLite deployments never load it

    updates = _plain_updates(session)
    if updates is None:
        session.flush()
        updates = []
    raw = connection.connection.dbapi_connection
    assert isinstance(raw, psycopg.Connection)
    idle = raw.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE
    try:
        if idle:
            raw.autocommit = True
        with raw.pipeline():
            if idle:
                raw.execute("BEGIN")
            for update in updates:
                values = {**update.values, "_key": update.key}
                connection.execute(_update_by_key(update.table), values)
            for row in rows:
                connection.execute(INSERT_MESSAGE, row)
            # COMMIT as a queued statement, not raw.commit(): that would sync the pipeline
            # once more, a second round trip for nothing.
            raw.execute("COMMIT")
    except psycopg.IntegrityError as exc:
        raise Conflict(str(exc)) from exc
    except psycopg.errors.TransactionRollbackError as exc:  # deadlock, serialization (40xxx)
        raise Conflict(str(exc)) from exc
    except psycopg.OperationalError as exc:
        connection.invalidate(exc)
        raise Unavailable(str(exc)) from exc
    finally:
        if idle and not raw.closed:
            if raw.pgconn.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                raw.execute("ROLLBACK")  # the pipeline failed between BEGIN and COMMIT
            raw.autocommit = False
    # Written and committed: the objects are as stored now, so the session's commit has
    # nothing left to flush for them.
    for update in updates:
        for name, value in update.values.items():
            set_committed_value(update.target, name, value)


class SqlUnitOfWorkFactory:
    """Hands out a fresh unit of work per use case; what the core is given."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._session_factory)
