"""The unit of work: one transaction, rolled back unless commit() is called."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.ports import Conflict
from storage.activity_repositories import ActivityRepository
from storage.evidence_repositories import EvidenceRepository
from storage.helpdesk_repositories import HelpdeskRepository
from storage.outbox_repositories import BroadcastRepository, OutboxRepository
from storage.points_repositories import MarketRepository, PointsRepository, WishRepository
from storage.repositories import (
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

    def commit(self) -> None:
        assert self._session is not None, "commit() outside `with uow:`"
        try:
            self._session.commit()
        except IntegrityError as exc:
            raise Conflict(str(exc.orig)) from exc

    def rollback(self) -> None:
        assert self._session is not None
        self._session.rollback()


class SqlUnitOfWorkFactory:
    """Hands out a fresh unit of work per use case; what the core is given."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._session_factory)
