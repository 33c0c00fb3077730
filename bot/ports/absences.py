"""The absence roster: who said she is away, for which local days (bot.domain.absence)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Protocol

from bot.domain.absence import Absence


class AbsenceRepository(Protocol):
    def add(self, absence: Absence) -> Absence: ...
    def away_on(self, person_ids: Collection[int], day: date) -> set[int]: ...
    def current(self, person_ids: Collection[int], day: date) -> dict[int, Absence]: ...
    def current_for(self, person_id: int, day: date) -> Absence | None: ...
    def end(self, person_id: int, at: datetime, day: date | None = None) -> int: ...
