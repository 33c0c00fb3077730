"""What earns 积分 or stars elsewhere, read by the points sweeps: the cases a 党员's
monthly star score counts, the hazard reports that earn points, and 签到 rows whose points
are not booked yet. Reads of other features' tables, kept here so those features'
repositories need not know about points."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select

from bot.domain.activities import Signup
from bot.domain.cases import Case
from storage import tables
from storage.repository import Repository


class PointSourceRepository(Repository):
    def cases_resolved_between(self, start: datetime, end: datetime) -> Sequence[Case]:
        return self._assigned_cases(tables.cases.c.resolved_at, start, end)

    def cases_rated_between(self, start: datetime, end: datetime) -> Sequence[Case]:
        return self._assigned_cases(tables.cases.c.rated_at, start, end)

    def cases_opened_between(
        self, start: datetime, end: datetime, categories: Sequence[str], urgent: bool
    ) -> Sequence[Case]:
        """Cases opened in [start, end) of these categories (or urgent, when `urgent`)."""
        c = tables.cases.c
        match: ColumnElement[bool] = c.category.in_(list(categories))
        if urgent:
            match = or_(match, c.urgent.is_(True))
        query = select(Case).where(c.opened_at >= start, c.opened_at < end, match)
        return self.session.scalars(query.order_by(c.id)).all()

    def unbooked_attendance(self, limit: int = 200) -> Sequence[Signup]:
        """签到 rows whose points the ledger has not booked yet (the activities seam)."""
        c = tables.activity_signups.c
        query = (
            select(Signup)
            .where(c.attended_at.is_not(None), c.points > 0, c.points_awarded_at.is_(None))
            .order_by(c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return self.session.scalars(query).all()

    def _assigned_cases(
        self, when: ColumnElement[datetime], start: datetime, end: datetime
    ) -> Sequence[Case]:
        """Cases with an assignee whose `when` falls in [start, end), by id."""
        c = tables.cases.c
        query = select(Case).where(c.assignee_id.is_not(None), when >= start, when < end)
        return self.session.scalars(query.order_by(c.id)).all()
