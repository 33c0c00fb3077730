"""A finished month's export as it is kept: the file and what it was made from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class StoredExport:
    fingerprint: str  # the month's ledger rows the file was made from (count, last id, sum)
    made_at: datetime
    body: bytes
