"""What every repository shares: the unit of work's session, one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import CursorResult, Result, Table, select
from sqlalchemy.orm import Session

T = TypeVar("T")


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched. Session.execute is typed as returning a plain Result;
    for those statements it is a CursorResult, the one that carries the count."""
    assert isinstance(result, CursorResult), type(result)
    return result.rowcount or 0


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def flush(self) -> None:
        self.session.flush()

    def _reading(self, *entities: type) -> AbstractContextManager[object]:
        """Around a query that reads only these entities' tables (and rows written at once,
        never queued for a flush): the ORM's autoflush runs only when one of them has
        unwritten changes. Otherwise it would write everything pending first (a sender's
        home moved by the message, say): an ORM flush of its own and, on PostgreSQL, a
        round trip, where the commit sends the same UPDATE with the rest."""
        session = self.session
        for pending in (session.new, session.dirty, session.deleted):
            if any(isinstance(target, entities) for target in pending):
                return nullcontext()
        return session.no_autoflush

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
