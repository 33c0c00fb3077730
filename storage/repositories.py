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
    Table,
    bindparam,
    case,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session, class_mapper
from sqlalchemy.sql.dml import ReturningInsert

from bot.domain.cases import CaseStatus
from bot.domain.community import Building, Estate, Group, GroupKind, Person, Role
from bot.domain.deliberation.topics import Stage
from bot.domain.helpdesk import Status as HelpStatus
from bot.domain.records import StoredMessage
from bot.domain.review import ReviewStatus
from bot.domain.staff import AuditEntry, StaffUser
from bot.ports import Arrival
from storage import raw, tables
from storage.repository import Repository as _Repository
from storage.repository import Work
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
# The message row's columns but its id: StoredMessage's fields of the same names (a plain
# dataclass, not mapped: see storage/orm.py).
_MESSAGE_COLUMNS = tuple(c.name for c in tables.messages.columns if c.name != "id")


def _rating_may_wait(p: Table) -> ColumnElement[bool]:
    """Whether anything of the sender's could be waiting for their rating: a case they
    reported that is resolved (the question stands) or reviewed (a co-reporter may still
    rate late), or a 帮办 done for them. Most senders have none, and then a thank-you or a
    "👍" skips two or three reads (and the ORM session) after the arrival; served by
    ix_case_reporters_person_id and ix_help_requests_requester."""
    r, c, h = tables.case_reporters.c, tables.cases.c, tables.help_requests.c
    # Two comparisons, not IN (…): an IN list is expanded as the statement runs, which the
    # arrival's statement compiled once for the raw cursor (storage.raw) leaves out.
    status = or_(c.status == str(CaseStatus.RESOLVED), c.status == str(CaseStatus.REVIEWED))
    cases = (
        select(r.case_id).join(tables.cases, c.id == r.case_id).where(r.person_id == p.c.id, status)
    )
    helps = select(h.id).where(h.requester_id == p.c.id, h.status == str(HelpStatus.DONE))
    return or_(cases.exists(), helps.exists())


@cache
def _person_keys() -> tuple[str, ...]:
    """Person's attributes in the order of the people table's columns (Work.load's order)."""
    mapper = class_mapper(Person)
    return tuple(mapper.get_property_by_column(column).key for column in tables.people.columns)


@cache
def _insert_person() -> ReturningInsert[tuple[int]]:
    """A new sender's INSERT, giving back their id (built once)."""
    return tables.people.insert().returning(tables.people.c.id)


@cache
def _arrival_query(
    in_room: bool, waiting: bool, new_id: bool = False
) -> Select[tuple[object, ...]]:
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
            e.help_id.is_(None),
            e.at >= bindparam("waiting_since", type_=UTCDateTime()),
        )
        columns.append(files.exists().label("waiting"))
    # What the arrival_facts note: last, in this order (see MessageRepository.arrival).
    r, held = tables.case_reporters.c, tables.review_items.c
    reported = select(r.case_id).where(r.person_id == p.c.id).exists()
    pending = str(ReviewStatus.PENDING)
    in_room_held = select(held.id).where(held.group_id == g.c.id, held.status == pending)
    t = tables.topics.c
    consulting = str(Stage.CONSULTING)
    asking = select(t.id).where(t.estate_id == g.c.estate_id, t.stage == consulting)
    columns += [
        _rating_may_wait(p).label("rating_may_wait"),
        reported.label("reported"),
        in_room_held.exists().label("held"),
        asking.exists().label("consulting"),
    ]
    if new_id:
        # PostgreSQL: an id for a sender met for the first time, taken from the people
        # table's sequence by the same statement (only when there is no such person), so
        # their INSERT can wait for the commit's round trip (MessageRepository.add_sender).
        sequence = func.pg_get_serial_sequence("people", "id")
        columns.append(case((p.c.id.is_(None), func.nextval(sequence)), else_=None).label("new_id"))
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
        *,
        new_id: bool = False,
    ) -> Arrival:
        """Everything the pipeline asks about a message as it arrives, in one round trip.
        With `new_id`, on PostgreSQL, the same statement takes an id for a sender not yet
        known (add_sender uses it)."""
        params: dict[str, object] = {
            "account": account,
            "message_id": message_id,
            "wechat_id": wechat_id,
        }
        if room_id is not None:
            params["room_id"] = room_id
        if waiting_since is not None:
            params["waiting_since"] = waiting_since
        # On PostgreSQL the row is read on the raw cursor (storage.raw), before the
        # transaction opens: the BEGIN goes with the first write, or the commit's pipeline.
        connection = self._work.connection()
        new_id = new_id and raw.is_raw(connection)
        query = _arrival_query(room_id is not None, waiting_since is not None, new_id)
        row: Sequence[object]
        if raw.is_raw(connection):
            (row,) = raw.select_rows(connection, query, params, ahead_of_transaction=True)
        else:
            row = connection.execute(query, params).one()
        groups, people = len(tables.groups.columns), len(tables.people.columns)
        group = self._work.load(Group, row[:groups])
        person = self._work.load(Person, row[groups : groups + people])
        seen = bool(row[groups + people])
        waiting = bool(row[groups + people + 1]) if waiting_since is not None else None
        if new_id:
            taken, row = row[-1], row[:-1]
            self._work.person_id_ahead = taken if isinstance(taken, int) else None
        rating_may_wait, reported, held, consulting = row[-4:]
        facts = self._work.facts
        if person is not None and person.id is not None:
            if not rating_may_wait:
                facts.no_rating_waits.add(person.id)
            if not reported:
                facts.no_reports.add(person.id)
        if group is not None and group.id is not None and not held:
            facts.no_held.add(group.id)
        if group is not None and group.estate_id is not None and not consulting:
            facts.not_consulting.add(group.estate_id)
        return Arrival(seen=seen, group=group, person=person, waiting=waiting)

    def add_sender(self, person: Person) -> Person:
        """A sender met for the first time, inserted for their id. Before the transaction
        needs the ORM session (most messages never do), a Core INSERT on its connection and
        the row as a loaded object (Work.load), as the arrival gives a known sender: the
        session, its flush and its commit for one row cost more than a chat line's whole
        path. Once the session is open, the ORM's own add and flush.

        On PostgreSQL, with an id the arrival statement took for them, the INSERT is not
        sent now: it waits in the unit of work (Work.insert_ahead) for the commit's round
        trip, or goes first when anything else is sent before it (a chat line from someone
        new: three round trips become two)."""
        person_id: object = self._work.person_id_ahead
        self._work.person_id_ahead = None  # one id, for this one sender
        if self._work.has_session:
            session = self._work.session()
            session.add(person)
            session.flush()
            return person
        mapper_keys = _person_keys()
        values = {key: getattr(person, key) for key in mapper_keys if key != "id"}
        if person_id is not None:
            values["id"] = person_id
            self._work.insert_ahead(tables.people.insert(), values)
            loaded = self._work.load(Person, [values[key] for key in mapper_keys])
            assert loaded is not None
            return loaded
        connection = self._work.connection()
        sent = None
        if raw.is_raw(connection):  # PostgreSQL: on the raw cursor (storage.raw)
            sent = raw.write_now(connection, _insert_person(), values, returns=True)
            if sent is not None:
                ((person_id,),) = sent[0]
        if sent is None:
            result = connection.execute(tables.people.insert(), values)
            (person_id,) = result.inserted_primary_key or (None,)
        assert person_id is not None
        values["id"] = person_id
        loaded = self._work.load(Person, [values[key] for key in mapper_keys])
        assert loaded is not None
        return loaded

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
        self._work.messages.append({name: getattr(message, name) for name in _MESSAGE_COLUMNS})
        return message

    def rating_may_wait(self, person_id: int) -> bool:
        if person_id not in self._work.facts.no_rating_waits:
            return True  # not asked, or something may wait
        return self._work.wrote()  # a write since the arrival may have changed the answer

    def held_may_wait(self, group_id: int) -> bool:
        if group_id not in self._work.facts.no_held:
            return True
        return self._work.wrote()

    def may_consult(self, estate_id: int) -> bool:
        if estate_id not in self._work.facts.not_consulting:
            return True
        return self._work.wrote()

    def take_pending(self) -> list[dict[str, object]]:
        """The rows add() queued, handed to the unit of work's commit exactly once."""
        taken = list(self._work.messages)
        self._work.messages.clear()
        return taken

    def count(self) -> int:
        query = select(func.count()).select_from(tables.messages)
        return self._work.connection().execute(query).scalar() or 0


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
