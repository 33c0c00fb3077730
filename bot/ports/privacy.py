"""Retention sweeps and residents' rights over their data."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol


class RetentionRepository(Protocol):
    """Retention sweeps, each call one small batch."""

    def count_purgeable(
        self, messages_before: datetime, cases_before: datetime, audit_before: datetime
    ) -> tuple[int, int, int, int]: ...
    def delete_messages(self, before: datetime, limit: int) -> int: ...
    def delete_audit(self, before: datetime, limit: int) -> int: ...
    def clear_dismissed_reviews(self, before: datetime, limit: int) -> int: ...
    def pseudonymise_cases(self, before: datetime, now: datetime, limit: int) -> int: ...


class PersonalDataRepository(Protocol):
    """A resident's right to see what is kept about them."""

    def person_id(self, wechat_id: str) -> int | None: ...
    def everything_about(
        self, person_id: int, wechat_id: str
    ) -> dict[str, list[dict[str, Any]]]: ...
    def names(self, table: str, ids: set[int]) -> dict[int, str]: ...


class ErasureRepository(Protocol):
    """A resident's right to be forgotten."""

    def erase(self, person_id: int, wechat_id: str) -> dict[str, int]: ...
