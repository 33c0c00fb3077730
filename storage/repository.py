"""What every repository shares: the unit of work's session, one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

T = TypeVar("T")


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def flush(self) -> None:
        self.session.flush()

    def _due(self, entity: type[T], table: Table, now: datetime, limit: int) -> Sequence[T]:
        """Rows whose `next_due` timer has come, earliest first, for a sweep. Rows another
        process holds are skipped (FOR UPDATE SKIP LOCKED), and what is read is fresh."""
        c = table.c
        query = (
            select(entity)
            .where(c.next_due.is_not(None), c.next_due <= now)
            .order_by(c.next_due)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).all()
