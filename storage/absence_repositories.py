"""The absence roster (round fifteen): who said she is away, and for which local days."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select

from bot.domain.absence import Absence
from storage import tables
from storage.repository import Repository

_a = tables.absences.c


class AbsenceRepository(Repository):
    def add(self, absence: Absence) -> Absence:
        self.session.add(absence)
        self.session.flush()
        return absence

    def away_on(self, person_ids: Collection[int], day: date) -> set[int]:
        """Which of these people are away on `day` (an absence not ended that covers it)."""
        return set(self.current(person_ids, day))

    def current(self, person_ids: Collection[int], day: date) -> dict[int, Absence]:
        """Each of these people's absence covering `day` (the latest recorded, if several)."""
        ids = sorted({i for i in person_ids if i is not None})
        if not ids:
            return {}
        query = (
            select(Absence)
            .where(
                _a.person_id.in_(ids),
                _a.starts_on <= day,
                _a.ends_on >= day,
                _a.ended_at.is_(None),
            )
            .order_by(_a.id)
        )
        return {absence.person_id: absence for absence in self.session.scalars(query)}

    def current_for(self, person_id: int, day: date) -> Absence | None:
        return self.current([person_id], day).get(person_id)

    def end(self, person_id: int, at: datetime, day: date | None = None) -> int:
        """End her absences that are not over by `day` (default: `at`'s date): the current
        one when she is back early, and any still to come that a newer one replaces.
        Returns how many were ended."""
        last = day if day is not None else at.date()
        query = select(Absence).where(
            _a.person_id == person_id, _a.ended_at.is_(None), _a.ends_on >= last
        )
        ended = list(self.session.scalars(query))
        for absence in ended:
            absence.ended_at = at
        return len(ended)
