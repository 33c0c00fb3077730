"""The unit of work: one transaction, rolled back unless commit() is called."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.ports import Conflict, Unavailable
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
from storage.vote_repositories import HouseholdRepository, VoteRepository
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
    suggestions: SuggestionRepository
    topics: TopicRepository
    helpdesk: HelpdeskRepository
    evidence: EvidenceRepository
    privacy: PrivacyRepository

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
        self.suggestions = SuggestionRepository(session)
        self.topics = TopicRepository(session)
        self.helpdesk = HelpdeskRepository(session)
        self.evidence = EvidenceRepository(session)
        self.privacy = PrivacyRepository(session)
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
            messages = self.messages.take_pending()
            if messages:
                session.flush()
                connection = session.connection()
                if connection.dialect.name == "postgresql":
                    _insert_and_commit_pipelined(connection, messages)
                else:
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


def _insert_and_commit_pipelined(connection: Connection, rows: list[dict[str, object]]) -> None:
    """INSERT the messages and COMMIT in one round trip (psycopg's pipeline mode).

    The ORM's writes are flushed already, so only these statements are left; the session's
    own commit that follows finds the transaction closed and sends nothing. When nothing
    has opened a transaction yet (small talk: the arrival read ran before BEGIN), BEGIN is
    queued by hand too, since psycopg would sync the pipeline after its own BEGIN. Errors
    from the pipeline's sync come straight from psycopg, so they are translated here.
    """
    import psycopg  # only on PostgreSQL; SQLite deployments never load it

    raw = connection.connection.dbapi_connection
    assert isinstance(raw, psycopg.Connection)
    idle = raw.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE
    try:
        if idle:
            raw.autocommit = True
        with raw.pipeline():
            if idle:
                raw.execute("BEGIN")
            for row in rows:
                connection.execute(INSERT_MESSAGE, row)
            # COMMIT as a queued statement, not raw.commit(): that would sync the pipeline
            # once more, a second round trip for nothing.
            raw.execute("COMMIT")
    except psycopg.IntegrityError as exc:
        raise Conflict(str(exc)) from exc
    except psycopg.OperationalError as exc:
        connection.invalidate(exc)
        raise Unavailable(str(exc)) from exc
    finally:
        if idle and not raw.closed:
            if raw.pgconn.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                raw.execute("ROLLBACK")  # the pipeline failed between BEGIN and COMMIT
            raw.autocommit = False


class SqlUnitOfWorkFactory:
    """Hands out a fresh unit of work per use case; what the core is given."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._session_factory)
