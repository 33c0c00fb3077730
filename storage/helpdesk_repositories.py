"""Repository for 帮办代办 requests (issue 14)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, or_, select, update

from bot.domain.community import Person
from bot.domain.helpdesk import LIVE, HelpEvent, HelpRequest, Status
from storage import tables
from storage.repository import Repository, rowcount


@cache
def _awaiting_rating_query() -> Select[tuple[HelpRequest]]:
    c = tables.help_requests.c
    return (
        select(HelpRequest)
        .where(c.requester_id == bindparam("person_id"), c.status == str(Status.DONE))
        .order_by(c.done_at.desc(), c.id.desc())
    )


class HelpdeskRepository(Repository):
    def add(self, request: HelpRequest) -> HelpRequest:
        self.session.add(request)
        self.session.flush()
        return request

    def get(self, request_id: int) -> HelpRequest | None:
        return self.session.get(HelpRequest, request_id)

    def lock(self, request_id: int) -> HelpRequest | None:
        """The request, re-read and row-locked until the transaction ends (PostgreSQL)."""
        query = (
            select(HelpRequest)
            .where(tables.help_requests.c.id == request_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).first()

    def claim(self, request: HelpRequest, person_id: int, now: datetime) -> bool:
        """First 接单 wins: a conditional UPDATE, exactly one of two racing claims matches."""
        assert request.id is not None
        self.session.flush()
        c = tables.help_requests.c
        result = self.session.execute(
            update(tables.help_requests)
            .where(c.id == request.id, c.claimer_id.is_(None), c.status == str(Status.OPEN))
            .values(
                claimer_id=person_id,
                claimed_at=now,
                status=str(Status.CLAIMED),
                next_due=None,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        self.session.refresh(request)
        return rowcount(result) == 1

    def add_event(self, event: HelpEvent) -> HelpEvent:
        self.session.add(event)
        return event

    def events(self, request_id: int) -> Sequence[HelpEvent]:
        c = tables.help_events.c
        query = select(HelpEvent).where(c.request_id == request_id).order_by(c.at, c.id)
        return self.session.scalars(query).all()

    def draft_of(self, person_id: int) -> HelpRequest | None:
        """The person's newest request still waiting for their address and time."""
        c = tables.help_requests.c
        query = (
            select(HelpRequest)
            .where(c.requester_id == person_id, c.status == str(Status.DRAFT))
            .order_by(c.id.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()

    def awaiting_rating(self, person_id: int) -> Sequence[HelpRequest]:
        # Asked for rating-like answers in the pipeline: the statement is built once.
        with self._reading(HelpRequest):
            return self.session.scalars(_awaiting_rating_query(), {"person_id": person_id}).all()

    def of_person(self, person_id: int, limit: int = 10) -> Sequence[HelpRequest]:
        """Requests the person asked for or took, newest first."""
        c = tables.help_requests.c
        query = (
            select(HelpRequest)
            .where(or_(c.requester_id == person_id, c.claimer_id == person_id))
            .order_by(c.id.desc())
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def find(
        self,
        *,
        estate_id: int | None = None,
        status: Status | None = None,
        live_only: bool = False,
        limit: int = 200,
    ) -> Sequence[HelpRequest]:
        c = tables.help_requests.c
        query = select(HelpRequest)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if status is not None:
            query = query.where(c.status == str(status))
        if live_only:
            query = query.where(c.status.in_([str(s) for s in LIVE]))
        return self.session.scalars(query.order_by(c.id.desc()).limit(limit)).all()

    def due(self, now: datetime, limit: int) -> Sequence[HelpRequest]:
        return self._due(HelpRequest, tables.help_requests, now, limit)

    def between(
        self, start: datetime, end: datetime, estate_id: int | None = None
    ) -> Sequence[HelpRequest]:
        """Requests confirmed or finished in [start, end): what a month's 台账 counts."""
        c = tables.help_requests.c
        query = select(HelpRequest).where(
            or_(
                (c.confirmed_at >= start) & (c.confirmed_at < end),
                (c.done_at >= start) & (c.done_at < end),
            )
        )
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return self.session.scalars(query.order_by(c.id)).all()

    def people_of(self, estate_id: int) -> Sequence[Person]:
        """Everyone placed in a 小区: the team and the flags are read from their `extra`."""
        c = tables.people.c
        query = select(Person).where(c.estate_id == estate_id).order_by(c.id)
        return self.session.scalars(query).all()
