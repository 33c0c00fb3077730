"""The seams of the core: what it needs from the outside world, as Protocols.

Transports, storage and the console implement these; the core only ever sees the Protocols.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, Self

from bot.domain.cases import Case, CaseEvent
from bot.domain.community import Building, Estate, Group, Person, Role
from bot.domain.messages import Inbound, Outbound
from bot.domain.records import OutboxItem, StoredMessage
from bot.domain.staff import AuditEntry, StaffUser

if TYPE_CHECKING:
    from intents import Intent


class Clock(Protocol):
    """Where the core reads time. Always timezone-aware."""

    def now(self) -> datetime: ...


class SendFailed(Exception):
    """A transport could not deliver an Outbound.

    `transient=True` means try again later (connection lost, rate limited);
    False means it will never work (the room is gone, the contact blocked the bot).
    """

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


class Conflict(Exception):
    """A write lost a race with another one (a unique key already taken); nothing was kept."""


class Inbox(Protocol):
    """What a transport calls when something happens on its side."""

    async def receive(self, message: Inbound) -> None:
        """A message arrived (any type). Returns once it is stored and answered into the outbox."""

    async def room_seen(self, room_id: str, topic: str) -> None:
        """The bot is in this room with this topic (on start, on join, on rename)."""

    async def room_left(self, room_id: str) -> None:
        """The bot was removed from this room."""

    async def transport_status(self, online: bool, detail: str = "") -> None:
        """The connection went down or came back (shown to staff)."""


class Transport(Protocol):
    """A way to WeChat (or something that behaves like it)."""

    name: str

    async def start(self, inbox: Inbox) -> None:
        """Connect, then deliver everything that happens to `inbox` until stop()."""

    async def stop(self) -> None: ...

    async def send(self, message: Outbound) -> None:
        """Deliver one message or raise SendFailed."""


# ---- storage, as the core sees it -------------------------------------------------------


class EstateRepository(Protocol):
    def all(self) -> Sequence[Estate]: ...
    def get(self, estate_id: int) -> Estate | None: ...
    def by_key(self, key: str) -> Estate | None: ...
    def add(self, estate: Estate) -> Estate: ...
    def buildings(self, estate_id: int | None = None) -> Sequence[Building]: ...
    def building(self, building_id: int) -> Building | None: ...
    def building_by_number(self, estate_id: int, number: str) -> Building | None: ...
    def add_building(self, building: Building) -> Building: ...


class GroupRepository(Protocol):
    def by_room_id(self, account: str, room_id: str) -> Group | None: ...
    def by_topic(self, account: str, topic: str) -> Sequence[Group]: ...
    def get(self, group_id: int) -> Group | None: ...
    def all(self, account: str | None = None) -> Sequence[Group]: ...
    def add(self, group: Group) -> Group: ...


class PersonRepository(Protocol):
    def get(self, person_id: int) -> Person | None: ...
    def by_wechat_id(self, wechat_id: str) -> Person | None: ...
    def by_display_name(self, name: str) -> Sequence[Person]: ...
    def many(self, ids: Sequence[int]) -> dict[int, Person]: ...
    def all(self) -> Sequence[Person]: ...
    def with_role(
        self, estate_id: int, role: Role, building_id: int | None = None
    ) -> Sequence[Person]: ...
    def add(self, person: Person) -> Person: ...


class MessageRepository(Protocol):
    def seen(self, account: str, message_id: str) -> bool: ...
    def add(self, message: StoredMessage) -> StoredMessage: ...


class CaseRepository(Protocol):
    def get(self, case_id: int) -> Case | None: ...
    def add(self, case: Case) -> Case: ...
    def open_candidates(
        self, estate_id: int, category: str, building: str, since: datetime
    ) -> Sequence[Case]: ...
    def by_reporter(self, person_id: int, limit: int = 5) -> Sequence[Case]: ...
    def list(
        self, *, estate_id: int | None = None, status: str | None = None, limit: int = 200
    ) -> Sequence[Case]: ...
    def add_reporter(self, case_id: int, person_id: int, at: datetime) -> bool: ...
    def reporter_ids(self, case_id: int) -> list[int]: ...
    def add_event(self, event: CaseEvent) -> CaseEvent: ...
    def events(self, case_id: int) -> Sequence[CaseEvent]: ...


class OutboxRepository(Protocol):
    def add(self, item: OutboxItem) -> OutboxItem: ...
    def has_key(self, key: str) -> bool: ...
    def due(self, account: str, now: datetime, limit: int) -> Sequence[OutboxItem]: ...
    def get(self, item_id: int) -> OutboxItem | None: ...
    def release_stale(self, account: str, claimed_before: datetime) -> int: ...
    def counts(self, account: str | None = None) -> dict[str, int]: ...


class StaffRepository(Protocol):
    def by_username(self, username: str) -> StaffUser | None: ...
    def get(self, user_id: int) -> StaffUser | None: ...
    def all(self) -> Sequence[StaffUser]: ...
    def add(self, user: StaffUser) -> StaffUser: ...
    def audit(self, entry: AuditEntry) -> None: ...
    def audit_log(self, limit: int = 200) -> Sequence[AuditEntry]: ...


class UnitOfWork(Protocol):
    """One transaction: everything inside is rolled back unless commit() is called."""

    estates: EstateRepository
    groups: GroupRepository
    people: PersonRepository
    messages: MessageRepository
    cases: CaseRepository
    outbox: OutboxRepository
    staff: StaffRepository

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Classifier(Protocol):
    """The intent engine, as the core uses it (intents.IntentEngine satisfies it)."""

    def classify(self, text: str) -> Intent: ...
