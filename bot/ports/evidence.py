"""Issue 14: photos and voice as evidence, the files' bytes and where they are kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain.evidence import Evidence, Link


class MediaTooLarge(Exception):
    """The file is bigger than the cap; it was not (fully) downloaded."""


class MediaUnavailable(Exception):
    """The file could not be fetched (expired on WeChat's side, connection lost)."""


class MediaSource(Protocol):
    """The bytes of an image, voice note or video, fetched only when the core will keep them.

    Called from the core's worker thread; an implementation may block until its download ends.
    """

    def fetch(self, limit: int) -> bytes:
        """All the bytes; MediaTooLarge when there are more than `limit`, MediaUnavailable
        when they cannot be had."""
        ...


class BlobStore(Protocol):
    """Files kept by their sha256 (content-addressed: the same photo twice is stored once)."""

    def put(self, sha256: str, data: bytes) -> None: ...
    def get(self, sha256: str) -> bytes | None: ...
    def delete(self, sha256: str) -> None: ...


class EvidenceRepository(Protocol):
    def add(self, evidence: Evidence) -> Evidence: ...
    def for_case(self, case_id: int) -> Sequence[Evidence]: ...
    def for_cases(self, case_ids: Sequence[int]) -> dict[int, list[Evidence]]: ...
    def get(self, evidence_id: int) -> Evidence | None: ...
    def find(
        self,
        *,
        person_id: int,
        group_id: int | None,
        sha256: str | None = None,
        case_id: int | None = None,
        pending: bool = False,
        since: datetime | None = None,
    ) -> Sequence[Evidence]: ...
    def has_waiting(self, *, person_id: int, group_id: int | None, since: datetime) -> bool:
        """Whether the sender has a file in this chat since `since` that no case has yet."""
        ...

    def adopt(
        self, case_id: int, *, person_id: int, group_id: int | None, since: datetime
    ) -> list[Evidence]:
        """Give the sender's waiting files in this chat since `since` to the case."""
        ...

    def recent_report(
        self, account: str, person_id: int, group_id: int | None, since: datetime
    ) -> Link | None: ...
    def recent_handling(self, person_id: int, since: datetime) -> Link | None: ...
    def for_help(self, help_id: int) -> Sequence[Evidence]: ...
    def for_helps(self, help_ids: Sequence[int]) -> dict[int, list[Evidence]]: ...
    def adopt_for_help(
        self, help_id: int, *, person_id: int, group_id: int | None, since: datetime
    ) -> list[Evidence]:
        """Give the sender's waiting files in this chat since `since` to the 帮办."""
        ...

    def recent_help_handling(self, person_id: int, since: datetime) -> Link | None:
        """The 帮办 (its id in `case_id`) its taker last reported progress on or finished."""
        ...

    def delete_for_case(self, case_id: int) -> list[str]:
        """Drop the case's rows; the hashes no other row uses any more (to delete the files)."""
        ...

    def delete_for_person(self, person_id: int) -> list[str]:
        """Drop the rows of every file the person sent (an erasure); the hashes no other
        row uses any more (to delete the files)."""
        ...

    def count_waiting(self, before: datetime) -> int:
        """How many files that never joined a case were received before `before`."""
        ...

    def delete_waiting(self, before: datetime, limit: int) -> tuple[int, list[str]]:
        """Drop up to `limit` rows of files that never joined a case, received before
        `before`: how many, and the hashes no row uses any more (to delete the files)."""
        ...
