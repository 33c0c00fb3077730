"""Issue 11: 待确认 and corrections."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain.review import Correction, ReviewItem, ReviewStatus


class ReviewRepository(Protocol):
    def add(self, item: ReviewItem) -> ReviewItem: ...
    def get(self, item_id: int) -> ReviewItem | None: ...
    def settle(self, item_id: int, status: ReviewStatus, by: str, at: datetime) -> bool:
        """Mark a pending item decided; False when it was not pending (another decision won).
        Race-safe: a conditional UPDATE, so of two concurrent decisions exactly one succeeds."""
        ...

    def pending(
        self,
        *,
        estate_id: int | None = None,
        account: str | None = None,
        before: datetime | None = None,
        limit: int = 500,
    ) -> Sequence[ReviewItem]: ...
    def recent(
        self,
        *,
        estate_id: int | None = None,
        status: ReviewStatus | None = None,
        limit: int = 200,
        before_id: int | None = None,
        building: str | None = None,
    ) -> Sequence[ReviewItem]: ...
    def for_case(self, case_id: int) -> ReviewItem | None: ...
    def count_pending(self, estate_id: int | None = None) -> int: ...
    def digest_sent(self, person_id: int, day: str) -> bool: ...
    def add_digest(self, person_id: int, day: str, at: datetime, items: int) -> None: ...
    def add_correction(self, correction: Correction) -> Correction: ...
    def corrections(self, estate_id: int | None = None) -> Sequence[Correction]: ...
