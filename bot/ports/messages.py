"""Messages as they arrive and are stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain.community import Group, Person
from bot.domain.records import StoredMessage


@dataclass(frozen=True)
class Arrival:
    """What the store knows about a message as it arrives: seen before, its group, its sender."""

    seen: bool
    group: Group | None
    person: Person | None
    # Whether the sender has files in this chat waiting for a case since `waiting_since`
    # (see adopt_waiting); None when not asked.
    waiting: bool | None = None


class MessageRepository(Protocol):
    def arrival(
        self,
        account: str,
        message_id: str,
        room_id: str | None,
        wechat_id: str,
        waiting_since: datetime | None = None,
        *,
        new_id: bool = False,  # take an id for the sender if unknown (add_sender uses it)
    ) -> Arrival: ...
    def seen(self, account: str, message_id: str) -> bool: ...
    def add_sender(self, person: Person) -> Person:
        """A sender the arrival did not find, stored for their id: the object to use from
        then on (which may not be the one given)."""
        ...

    def add(self, message: StoredMessage) -> StoredMessage: ...
    def rating_may_wait(self, person_id: int) -> bool:
        """False only when the arrival found nothing of this sender's that could wait for a
        rating (a resolved or reviewed case they reported, a finished 帮办) and the
        transaction has written nothing since: the rating reads can be skipped."""
        ...

    def held_may_wait(self, group_id: int) -> bool:
        """False only when the arrival found no 待确认 item pending in this group and the
        transaction has written nothing since."""
        ...

    def may_consult(self, estate_id: int) -> bool:
        """False only when the arrival found no topic of this 小区 in 征求意见 and the
        transaction has written nothing since."""
        ...
