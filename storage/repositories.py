"""Repositories for the community, messages, cases and staff: the only place that knows how
domain objects are queried (activities, the outbox and broadcasts, webhooks and points each
have their own storage/*_repositories.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    TextClause,
    bindparam,
    false,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from bot.domain.case_figures import CaseGroup, PeriodTally
from bot.domain.cases import OPEN_STATUSES, Case, CaseEvent, CaseStatus
from bot.domain.community import Building, Estate, Group, GroupKind, Person, Role
from bot.domain.records import StoredMessage
from bot.domain.staff import AuditEntry, StaffUser
from bot.ports import Arrival
from storage import case_figures, raw, tables
from storage.repository import Repository as _Repository
from storage.repository import Work, rowcount
from storage.types import UTCDateTime

T = TypeVar("T")


class EstateRepository(_Repository):
    def all(self) -> Sequence[Estate]:
        return self.session.scalars(select(Estate).order_by(tables.estates.c.id)).all()

    def get(self, estate_id: int) -> Estate | None:
        return self.session.get(Estate, estate_id)

    def by_key(self, key: str) -> Estate | None:
        return self.session.scalars(select(Estate).where(tables.estates.c.key == key)).first()

    def add(self, estate: Estate) -> Estate:
        self.session.add(estate)
        self.session.flush()
        return estate

    def buildings(self, estate_id: int | None = None) -> Sequence[Building]:
        query = select(Building).order_by(tables.buildings.c.estate_id, tables.buildings.c.id)
        if estate_id is not None:
            query = query.where(tables.buildings.c.estate_id == estate_id)
        return self.session.scalars(query).all()

    def building(self, building_id: int) -> Building | None:
        return self.session.get(Building, building_id)

    def building_by_number(self, estate_id: int, number: str) -> Building | None:
        c = tables.buildings.c
        query = select(Building).where(c.estate_id == estate_id, c.number == number)
        return self.session.scalars(query).first()

    def add_building(self, building: Building) -> Building:
        self.session.add(building)
        self.session.flush()
        return building


class GroupRepository(_Repository):
    def by_room_id(self, room_id: str) -> Group | None:
        """The group of a room, whichever account owns it (one group per room)."""
        c = tables.groups.c
        return self.session.scalars(select(Group).where(c.room_id == room_id)).first()

    def by_topic(self, topic: str) -> Sequence[Group]:
        c = tables.groups.c
        query = select(Group).where(c.topic == topic).order_by(c.id)
        return self.session.scalars(query).all()

    def get(self, group_id: int) -> Group | None:
        return self.session.get(Group, group_id)

    def many(self, ids: Sequence[int]) -> dict[int, Group]:
        """Groups by id in one statement (a page naming a few of a district's thousands)."""
        if not ids:
            return {}
        query = select(Group).where(tables.groups.c.id.in_(sorted(set(ids))))
        return {g.id: g for g in self.session.scalars(query) if g.id is not None}

    def all(self, account: str | None = None) -> Sequence[Group]:
        query = select(Group).order_by(tables.groups.c.id)
        if account is not None:
            query = query.where(tables.groups.c.account == account)
        return self.session.scalars(query).all()

    def of_kind(self, estate_id: int, kind: GroupKind) -> Sequence[Group]:
        """An estate's groups of one kind (its 党员群, say), in every account, still joined."""
        c = tables.groups.c
        query = select(Group).where(c.estate_id == estate_id, c.kind == kind, c.left_at.is_(None))
        return self.session.scalars(query.order_by(c.id)).all()

    def add(self, group: Group) -> Group:
        self.session.add(group)
        self.session.flush()
        return group


class PersonRepository(_Repository):
    def get(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def by_wechat_id(self, wechat_id: str) -> Person | None:
        c = tables.people.c
        return self.session.scalars(select(Person).where(c.wechat_id == wechat_id)).first()

    def by_wechat_ids(self, wechat_ids: Sequence[str]) -> dict[str, Person]:
        """The people among these WeChat ids, by id (in chunks: a district's config is long)."""
        found: dict[str, Person] = {}
        unique = sorted(set(wechat_ids))
        for start in range(0, len(unique), 1000):
            query = select(Person).where(
                tables.people.c.wechat_id.in_(unique[start : start + 1000])
            )
            found.update((p.wechat_id, p) for p in self.session.scalars(query))
        return found

    def by_display_name(self, name: str) -> Sequence[Person]:
        c = tables.people.c
        return self.session.scalars(select(Person).where(c.display_name == name)).all()

    def many(self, ids: Sequence[int]) -> dict[int, Person]:
        if not ids:
            return {}
        query = select(Person).where(tables.people.c.id.in_(set(ids)))
        return {p.id: p for p in self.session.scalars(query) if p.id is not None}

    def all(self) -> Sequence[Person]:
        return self.session.scalars(select(Person).order_by(tables.people.c.id)).all()

    def with_role(
        self, estate_id: int, role: Role, building_id: int | None = None
    ) -> Sequence[Person]:
        c = tables.people.c
        query = select(Person).where(c.estate_id == estate_id, c.role == int(role))
        if building_id is not None:
            query = query.where(c.building_id == building_id)
        return self.session.scalars(query.order_by(c.id)).all()

    def staff(self) -> Sequence[Person]:
        """社区 staff and admins (any 小区): the third rung of the ladder."""
        c = tables.people.c
        query = select(Person).where(c.role >= int(Role.STAFF)).order_by(c.id)
        return self.session.scalars(query).all()

    def add(self, person: Person) -> Person:
        self.session.add(person)
        self.session.flush()
        return person


# Inline: no RETURNING id, which nobody reads; on PostgreSQL that lets the INSERT ride in
# the same round trip as the COMMIT (see SqlUnitOfWork.commit).
INSERT_MESSAGE = tables.messages.insert().inline()


@cache
def _arrival_query(in_room: bool, waiting: bool) -> Select[tuple[object, ...]]:
    """Was this message id seen, which group is the room, who is the sender: one statement.

    Left joins from a one-row select, so a missing group or person is just None. Built
    once (on first use, after the mappers exist) with bind parameters: constructing the
    statement costs more than running it. A Core statement of plain columns (the groups
    row, then the people row, then `seen`): asked for every message, it skips the ORM's
    per-query work, and the two rows become mapped objects in Work.load.
    """
    g, p, m = tables.groups, tables.people, tables.messages.c
    anchor = select(literal(1).label("one")).subquery()
    seen = (
        select(m.id)
        .where(m.account == bindparam("account"), m.message_id == bindparam("message_id"))
        .exists()
        .label("seen")
    )
    # A private message has no room; `room_id == None` would match every unseen group.
    # One group per room whichever account sees it; the pipeline checks the owner.
    in_group = g.c.room_id == bindparam("room_id") if in_room else false()
    columns = [*g.columns, *p.columns, seen]
    if waiting:
        # The sender's files in this chat waiting for a case (see adopt_waiting): asked here,
        # it spares a report a round trip later. No row for a new person or a new group.
        e = tables.case_evidence.c
        chat = e.group_id == g.c.id if in_room else e.group_id.is_(None)
        files = select(e.id).where(
            e.person_id == p.c.id,
            chat,
            e.case_id.is_(None),
            e.at >= bindparam("waiting_since", type_=UTCDateTime()),
        )
        columns.append(files.exists().label("waiting"))
    return (
        select(*columns)
        .select_from(anchor)
        .outerjoin(g, in_group)
        .outerjoin(p, p.c.wechat_id == bindparam("wechat_id"))
    )


class MessageRepository:
    """Messages as they arrive and are stored: the common path of every message, so it runs
    on the unit of work's Core connection (storage.repository.Work), and opens no ORM
    session of its own."""

    def __init__(self, work: Work) -> None:
        self._work = work

    @property
    def session(self) -> Session:
        """The unit of work's ORM session (opened on this transaction if it was not yet)."""
        return self._work.session()

    def arrival(
        self,
        account: str,
        message_id: str,
        room_id: str | None,
        wechat_id: str,
        waiting_since: datetime | None = None,
    ) -> Arrival:
        """Everything the pipeline asks about a message as it arrives, in one round trip."""
        params: dict[str, object] = {
            "account": account,
            "message_id": message_id,
            "wechat_id": wechat_id,
        }
        if room_id is not None:
            params["room_id"] = room_id
        if waiting_since is not None:
            params["waiting_since"] = waiting_since
        query = _arrival_query(room_id is not None, waiting_since is not None)
        # On PostgreSQL the transaction's BEGIN rides along (storage.database), and the row
        # is read on the raw cursor (storage.raw).
        connection = self._work.connection()
        row: Sequence[object]
        if raw.is_raw(connection):
            (row,) = raw.select_rows(connection, query, params)
        else:
            row = connection.execute(query, params).one()
        groups, people = len(tables.groups.columns), len(tables.people.columns)
        group = self._work.load(Group, row[:groups])
        person = self._work.load(Person, row[groups : groups + people])
        seen = bool(row[groups + people])
        waiting = bool(row[-1]) if waiting_since is not None else None
        return Arrival(seen=seen, group=group, person=person, waiting=waiting)

    def seen(self, account: str, message_id: str) -> bool:
        c = tables.messages.c
        query = select(c.id).where(c.account == account, c.message_id == message_id)
        # Asked for every message: a Core query skips the ORM's per-statement work (about
        # 10x cheaper here) and needs no mapped objects.
        return self._work.connection().execute(query).first() is not None

    def add(self, message: StoredMessage) -> StoredMessage:
        """Keep a message: a plain INSERT, sent with the commit (the pipeline stores a message
        last and commits at once; nothing reads it back in the same transaction, so the
        ORM's unit-of-work bookkeeping is pure cost and an earlier round trip is too)."""
        self._work.messages.append(
            {
                column.name: getattr(message, column.name)
                for column in tables.messages.columns
                if column.name != "id"
            }
        )
        return message

    def take_pending(self) -> list[dict[str, object]]:
        """The rows add() queued, handed to the unit of work's commit exactly once."""
        taken = list(self._work.messages)
        self._work.messages.clear()
        return taken

    def count(self) -> int:
        query = select(func.count()).select_from(tables.messages)
        return self._work.connection().execute(query).scalar() or 0


@cache
def _open_candidates_query() -> Select[tuple[Case]]:
    # Asked for every report; built once (see _arrival_query).
    c = tables.cases.c
    return (
        select(Case)
        .where(
            c.estate_id == bindparam("estate_id"),
            c.category == bindparam("category"),
            c.building == bindparam("building"),
            c.status.in_([str(s) for s in OPEN_STATUSES]),
            func.coalesce(c.updated_at, c.opened_at) >= bindparam("since", type_=UTCDateTime()),
        )
        .order_by(c.id.desc())
    )


@cache
def _by_reporter_query() -> Select[tuple[Case]]:
    # Asked for 我的诉求 and a bare 进度; built once (see _arrival_query).
    c, r = tables.cases.c, tables.case_reporters.c
    return (
        select(Case)
        .join(tables.case_reporters, r.case_id == c.id)
        .where(r.person_id == bindparam("person_id"))
        .order_by(c.id.desc())
        .limit(bindparam("limit"))
    )


@cache
def _awaiting_rating_query() -> Select[tuple[Case]]:
    # Asked for every short thank-you and rating-like answer; built once (see _arrival_query).
    c, r = tables.cases.c, tables.case_reporters.c
    return (
        select(Case)
        .join(tables.case_reporters, r.case_id == c.id)
        .where(r.person_id == bindparam("person_id"), c.status == str(CaseStatus.RESOLVED))
        .order_by(c.resolved_at.desc(), c.id.desc())
    )


@cache
def _add_reporter_statement() -> TextClause:
    """INSERT … ON CONFLICT DO NOTHING on the primary key: one statement, where asking first
    and inserting after took two (and a race between them ended in a Conflict).

    Written as text, in the syntax PostgreSQL and SQLite (3.24+) share: SQLAlchemy's
    dialect INSERT that has on_conflict_do_nothing() is never cached (its class says
    inherit_cache = False), so it was compiled anew for every report (~10% of a report's
    client CPU); a text statement is compiled once."""
    r = tables.case_reporters.c
    statement = text(
        "INSERT INTO case_reporters (case_id, person_id, reported_at, group_id, private) "
        "VALUES (:case_id, :person_id, :reported_at, :group_id, :private) "
        "ON CONFLICT DO NOTHING"
    ).bindparams(
        bindparam("case_id", type_=r.case_id.type),
        bindparam("person_id", type_=r.person_id.type),
        bindparam("reported_at", type_=r.reported_at.type),
        bindparam("group_id", type_=r.group_id.type),
        bindparam("private", type_=r.private.type),
    )
    # The count of rows written says whether this person is new to the case; SQLAlchemy
    # keeps an INSERT's count only when asked to.
    return statement.execution_options(preserve_rowcount=True)


class CaseRepository(_Repository):
    def get(self, case_id: int) -> Case | None:
        return self.session.get(Case, case_id)

    def add(self, case: Case) -> Case:
        self.session.add(case)
        self.session.flush()
        return case

    def open_candidates(
        self, estate_id: int, category: str, building: str, since: datetime
    ) -> Sequence[Case]:
        """Open cases that a new report of this category and building might join."""
        params = {"estate_id": estate_id, "category": category, "building": building}
        with self._reading(Case):
            return self.session.scalars(_open_candidates_query(), {**params, "since": since}).all()

    def by_reporter(self, person_id: int, limit: int = 5) -> Sequence[Case]:
        params = {"person_id": person_id, "limit": limit}
        with self._reading(Case):  # case_reporters rows are written at once (add_reporter)
            return self.session.scalars(_by_reporter_query(), params).all()

    def find(
        self,
        *,
        estate_id: int | None = None,
        status: str | None = None,
        limit: int = 200,
        category: str | None = None,
        building: str | None = None,
        urgent: bool = False,
        open_only: bool = False,
        overdue_at: datetime | None = None,
        before_id: int | None = None,
    ) -> Sequence[Case]:
        """The newest cases matching every filter given; filtered by the database, so the
        limit counts matching cases (not the newest few of which some match)."""
        c = tables.cases.c
        query = select(Case).order_by(c.id.desc()).limit(limit)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if status:
            query = query.where(c.status == status)
        if category:
            query = query.where(c.category == category)
        if building:
            query = query.where(c.building == building)
        if urgent:
            query = query.where(c.urgent)
        if open_only:
            query = query.where(c.status.in_(case_figures.OPEN))
        if overdue_at is not None:
            query = query.where(case_figures.overdue(overdue_at))
        if before_id is not None:
            query = query.where(c.id < before_id)
        return self.session.scalars(query).all()

    def many(self, ids: Sequence[int]) -> dict[int, Case]:
        """Cases by id in one statement (a list page naming hundreds of cases)."""
        if not ids:
            return {}
        query = select(Case).where(tables.cases.c.id.in_(sorted(set(ids))))
        return {c.id: c for c in self.session.scalars(query) if c.id is not None}

    def tally(
        self, start: datetime, end: datetime, estate_id: int | None, now: datetime
    ) -> PeriodTally:
        return case_figures.tally(self.session, start, end, estate_id, now)

    def groups(self, start: datetime, end: datetime, estate_id: int | None) -> list[CaseGroup]:
        return case_figures.groups(self.session, start, end, estate_id)

    def opened_per_period(
        self, bounds: list[tuple[datetime, datetime]], estate_id: int | None
    ) -> list[int]:
        return case_figures.opened_per_period(self.session, bounds, estate_id)

    def open_counts(self, estate_id: int | None, now: datetime) -> tuple[int, int]:
        return case_figures.open_counts(self.session, estate_id, now)

    def add_reporter(
        self, case_id: int, person_id: int, at: datetime, group_id: int | None = None
    ) -> bool:
        """Record a (co-)reporter and where they spoke (`group_id`, None: privately);
        False when this person had already reported the case."""
        result = self.session.connection().execute(
            _add_reporter_statement(),
            {
                "case_id": case_id,
                "person_id": person_id,
                "reported_at": at,
                "group_id": group_id,
                "private": group_id is None,
            },
        )
        return rowcount(result) == 1

    def reporter_places(self, case_id: int) -> list[tuple[int, int | None, bool | None]]:
        """(person, group, private) per reporter, first first; group and private are None
        on rows older than migration 0008 (the case's own group is meant)."""
        r = tables.case_reporters.c
        query = (
            select(r.person_id, r.group_id, r.private)
            .where(r.case_id == case_id)
            .order_by(r.reported_at)
        )
        return [(row[0], row[1], row[2]) for row in self.session.execute(query)]

    def reporter_ids(self, case_id: int) -> list[int]:
        r = tables.case_reporters.c
        query = select(r.person_id).where(r.case_id == case_id).order_by(r.reported_at)
        return list(self.session.scalars(query))

    def add_event(self, event: CaseEvent) -> CaseEvent:
        self.session.add(event)
        return event

    def events(self, case_id: int) -> Sequence[CaseEvent]:
        c = tables.case_events.c
        query = select(CaseEvent).where(c.case_id == case_id).order_by(c.at, c.id)
        return self.session.scalars(query).all()

    def claim(self, case: Case, person_id: int, *, replace: int | None = None) -> bool:
        """First claim wins: a conditional UPDATE, so of two racing claims exactly one matches.

        On PostgreSQL the loser's UPDATE waits for the winner's row lock, re-reads the row and
        matches nothing; on SQLite the write lock serialises them the same way. `replace`
        lets a dispatch take the case over from that person. The case is refreshed either way,
        so the caller sees who holds it now.
        """
        assert case.id is not None
        self.session.flush()
        c = tables.cases.c
        holder: ColumnElement[bool] = c.assignee_id.is_(None)
        if replace is not None:
            holder = holder | (c.assignee_id == replace)
        result = self.session.execute(
            update(tables.cases)
            .where(c.id == case.id, holder, c.status.in_([str(s) for s in OPEN_STATUSES]))
            .values(assignee_id=person_id)
            .execution_options(synchronize_session=False)
        )
        self.session.refresh(case)
        return rowcount(result) == 1

    def lock(self, case_id: int) -> Case | None:
        """The case, re-read and row-locked until the transaction ends (PostgreSQL)."""
        query = (
            select(Case)
            .where(tables.cases.c.id == case_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).first()

    def due(self, now: datetime, limit: int) -> Sequence[Case]:
        """Cases with a timer due, earliest first; rows another process holds are skipped.

        Reads the partial index on next_due only (see bench/sla_sweep.py for the plan).
        """
        return self._due(Case, tables.cases, now, limit)

    def awaiting_rating(self, person_id: int) -> Sequence[Case]:
        """Resolved cases this person reported (or co-reported), newest first."""
        with self._reading(Case):  # case_reporters rows are written at once (add_reporter)
            return self.session.scalars(_awaiting_rating_query(), {"person_id": person_id}).all()

    def unclaimed(self, estate_id: int, limit: int = 20) -> Sequence[Case]:
        c = tables.cases.c
        query = (
            select(Case)
            .where(
                c.estate_id == estate_id,
                c.assignee_id.is_(None),
                c.status.in_([str(s) for s in OPEN_STATUSES]),
            )
            .order_by(c.id)
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def assigned_to(self, person_id: int, limit: int = 20) -> Sequence[Case]:
        c = tables.cases.c
        query = (
            select(Case)
            .where(
                c.assignee_id == person_id,
                c.status.in_([str(s) for s in (*OPEN_STATUSES, CaseStatus.RESOLVED)]),
            )
            .order_by(c.id)
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def opened_between(
        self, start: datetime, end: datetime, estate_id: int | None = None
    ) -> Sequence[Case]:
        """Cases opened in [start, end), for the monthly rates (index on opened_at)."""
        c = tables.cases.c
        query = select(Case).where(c.opened_at >= start, c.opened_at < end).order_by(c.id)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return self.session.scalars(query).all()


class StaffRepository(_Repository):
    def by_username(self, username: str) -> StaffUser | None:
        c = tables.staff_users.c
        return self.session.scalars(select(StaffUser).where(c.username == username)).first()

    def get(self, user_id: int) -> StaffUser | None:
        return self.session.get(StaffUser, user_id)

    def all(self) -> Sequence[StaffUser]:
        return self.session.scalars(select(StaffUser).order_by(tables.staff_users.c.id)).all()

    def add(self, user: StaffUser) -> StaffUser:
        self.session.add(user)
        self.session.flush()
        return user

    def audit(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def audit_log(self, limit: int = 200) -> Sequence[AuditEntry]:
        c = tables.audit_log.c
        return self.session.scalars(select(AuditEntry).order_by(c.id.desc()).limit(limit)).all()
