"""One transaction over every repository, and what may go wrong with it."""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType
from typing import Protocol, Self

from bot.ports.absences import AbsenceRepository
from bot.ports.accounts import (
    AccountRepository,
    ContactRepository,
    GroupAccountRepository,
    SendingRepository,
)
from bot.ports.activities import ActivityRepository
from bot.ports.cases import CaseRepository
from bot.ports.directory import EstateRepository, GroupRepository, PersonRepository
from bot.ports.evidence import EvidenceRepository
from bot.ports.helpdesk import HelpdeskRepository
from bot.ports.messages import MessageRepository
from bot.ports.outbox import BroadcastRepository, OutboxRepository
from bot.ports.points import (
    ExportFileRepository,
    MarketRepository,
    PointSourceRepository,
    PointsReportRepository,
    PointsRepository,
    PublicationRepository,
)
from bot.ports.privacy import ErasureRepository, PersonalDataRepository, RetentionRepository
from bot.ports.review import ReviewRepository
from bot.ports.staff import StaffRepository
from bot.ports.topics import SuggestionRepository, TopicRepository
from bot.ports.votes import (
    BallotRepository,
    HouseholdRepository,
    ObjectionRepository,
    VoteRepository,
)
from bot.ports.webhooks import CallbackReceiptRepository, WebhookRepository
from bot.ports.wishes import WishRepository


class Conflict(Exception):
    """A write lost a race with another one (a unique key already taken); nothing was kept."""


class Unavailable(Exception):
    """The database connection broke mid-transaction; nothing was kept, so it is safe to
    run the whole use case again (once) on a fresh connection."""


class UnitOfWork(Protocol):
    """One transaction: everything inside is rolled back unless commit() is called."""

    # Read-only, so an implementation may hold richer repositories than these Protocols.
    @property
    def estates(self) -> EstateRepository: ...
    @property
    def groups(self) -> GroupRepository: ...
    @property
    def people(self) -> PersonRepository: ...
    @property
    def messages(self) -> MessageRepository: ...
    @property
    def cases(self) -> CaseRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def staff(self) -> StaffRepository: ...
    @property
    def webhooks(self) -> WebhookRepository: ...
    @property
    def callbacks(self) -> CallbackReceiptRepository: ...
    @property
    def activities(self) -> ActivityRepository: ...
    @property
    def broadcasts(self) -> BroadcastRepository: ...
    @property
    def wishes(self) -> WishRepository: ...
    @property
    def points(self) -> PointsRepository: ...
    @property
    def points_reports(self) -> PointsReportRepository: ...
    @property
    def publications(self) -> PublicationRepository: ...
    @property
    def exports(self) -> ExportFileRepository: ...
    @property
    def point_sources(self) -> PointSourceRepository: ...
    @property
    def market(self) -> MarketRepository: ...
    @property
    def review(self) -> ReviewRepository: ...
    @property
    def households(self) -> HouseholdRepository: ...
    @property
    def votes(self) -> VoteRepository: ...
    @property
    def ballots(self) -> BallotRepository: ...
    @property
    def objections(self) -> ObjectionRepository: ...
    @property
    def suggestions(self) -> SuggestionRepository: ...
    @property
    def topics(self) -> TopicRepository: ...
    @property
    def helpdesk(self) -> HelpdeskRepository: ...
    @property
    def evidence(self) -> EvidenceRepository: ...
    @property
    def retention(self) -> RetentionRepository: ...
    @property
    def personal_data(self) -> PersonalDataRepository: ...
    @property
    def erasure(self) -> ErasureRepository: ...
    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def group_accounts(self) -> GroupAccountRepository: ...
    @property
    def contacts(self) -> ContactRepository: ...
    @property
    def sending(self) -> SendingRepository: ...
    @property
    def absences(self) -> AbsenceRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self, *, ids_unread: bool = False) -> None:
        """Write what is pending and commit. `ids_unread`: the caller reads no generated id
        of the replies and case events it added, so the store may write them without
        returning one (with the COMMIT, on PostgreSQL); they are left without an id."""
        ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class CommitGroup(Protocol):
    """Transactions committed inside a group; `deferred`: how many may not be on disk yet."""

    deferred: int


class GroupCommit(Protocol):
    """Group commit (storage.durability): transactions committed inside `deferred_commits()`
    need not wait for the disk; `flush_commits()` then makes every one durable at once.
    Nothing they did may be acknowledged before the flush."""

    def deferred_commits(self) -> AbstractContextManager[CommitGroup]: ...
    def flush_commits(self) -> None: ...
