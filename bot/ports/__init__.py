"""The seams of the core: what it needs from the outside world, as Protocols.

Transports, storage and the console implement these; the core only ever sees the Protocols.
One module per feature; every name is also here, so `from bot.ports import X` keeps working.
"""

from bot.ports.absences import AbsenceRepository
from bot.ports.accounts import (
    AccountRepository,
    ContactRepository,
    GroupAccountRepository,
    SendingRepository,
)
from bot.ports.activities import ActivityRepository
from bot.ports.cases import CaseHistory, CaseRepository, NearbyCases
from bot.ports.classifier import Classifier
from bot.ports.clock import Clock
from bot.ports.directory import EstateRepository, GroupRepository, PersonRepository
from bot.ports.evidence import (
    BlobStore,
    EvidenceRepository,
    MediaSource,
    MediaTooLarge,
    MediaUnavailable,
)
from bot.ports.helpdesk import HelpdeskRepository
from bot.ports.messages import Arrival, MessageRepository
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
from bot.ports.transport import (
    DeliveryRecord,
    Inbox,
    PrunableRecord,
    SendFailed,
    Transport,
    TransportRefused,
)
from bot.ports.uow import (
    CommitGroup,
    Conflict,
    GroupCommit,
    Unavailable,
    UnitOfWork,
    UnitOfWorkFactory,
)
from bot.ports.votes import (
    BallotRepository,
    HouseholdRepository,
    ObjectionRepository,
    VoteRepository,
)
from bot.ports.webhooks import (
    CallbackReceiptRepository,
    WebhookRepository,
    WebhookResponse,
    WebhookSender,
)
from bot.ports.wishes import WishRepository

__all__ = [
    "AbsenceRepository",
    "AccountRepository",
    "ActivityRepository",
    "Arrival",
    "BallotRepository",
    "BlobStore",
    "BroadcastRepository",
    "CallbackReceiptRepository",
    "CaseHistory",
    "CaseRepository",
    "Classifier",
    "Clock",
    "CommitGroup",
    "Conflict",
    "ContactRepository",
    "DeliveryRecord",
    "ErasureRepository",
    "EstateRepository",
    "EvidenceRepository",
    "ExportFileRepository",
    "GroupAccountRepository",
    "GroupCommit",
    "GroupRepository",
    "HelpdeskRepository",
    "HouseholdRepository",
    "Inbox",
    "MarketRepository",
    "MediaSource",
    "MediaTooLarge",
    "MediaUnavailable",
    "MessageRepository",
    "NearbyCases",
    "ObjectionRepository",
    "OutboxRepository",
    "PersonRepository",
    "PersonalDataRepository",
    "PointSourceRepository",
    "PointsReportRepository",
    "PointsRepository",
    "PrunableRecord",
    "PublicationRepository",
    "RetentionRepository",
    "ReviewRepository",
    "SendFailed",
    "SendingRepository",
    "StaffRepository",
    "SuggestionRepository",
    "TopicRepository",
    "Transport",
    "TransportRefused",
    "Unavailable",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "VoteRepository",
    "WebhookRepository",
    "WebhookResponse",
    "WebhookSender",
    "WishRepository",
]
