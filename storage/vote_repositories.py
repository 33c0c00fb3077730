"""Repositories for households (户), votes (投票表决), their ballots and 异议."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Integer, case, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.domain.deliberation.votes import (
    BallotRecord,
    Holding,
    HouseholdRow,
    Objection,
    Seat,
    Vote,
    VoteStatus,
    unit_label,
)
from storage import tables
from storage.repository import Repository, rowcount

H = tables.households.c
M = tables.household_members.c
B = tables.buildings.c
V = tables.votes.c
E = tables.vote_electors.c
VV = tables.vote_voters.c
P = tables.vote_participation.c
T = tables.vote_tallies.c
OB = tables.vote_objections.c


class HouseholdRepository(Repository):
    def upsert(
        self, estate_id: int, building_id: int, room: str, area: Decimal | None, now: datetime
    ) -> int:
        found = self.session.execute(
            select(H.id).where(H.building_id == building_id, H.room == room)
        ).scalar()
        if found is None:
            return int(
                self.session.execute(
                    insert(tables.households)
                    .values(
                        estate_id=estate_id,
                        building_id=building_id,
                        room=room,
                        area=area,
                        verified=False,
                        updated_at=now,
                    )
                    .returning(H.id)
                ).scalar_one()
            )
        if area is not None:
            self.session.execute(
                update(tables.households).where(H.id == found).values(area=area, updated_at=now)
            )
        return int(found)

    def set_member(self, household_id: int, person_id: int, owner: bool) -> None:
        where = (M.household_id == household_id, M.person_id == person_id)
        if self.session.execute(select(M.owner).where(*where)).first() is None:
            self.session.execute(
                insert(tables.household_members).values(
                    household_id=household_id, person_id=person_id, owner=owner
                )
            )
        else:
            self.session.execute(update(tables.household_members).where(*where).values(owner=owner))
        self.refresh_verified(household_id)

    def refresh_verified(self, household_id: int) -> None:
        """Verified: an area on record and at least one owner matched to the roster."""
        owners = self.session.execute(
            select(func.count())
            .select_from(tables.household_members)
            .where(M.household_id == household_id, M.owner.is_(True))
        ).scalar_one()
        area = self.session.execute(select(H.area).where(H.id == household_id)).scalar()
        self.session.execute(
            update(tables.households)
            .where(H.id == household_id)
            .values(verified=bool(owners) and area is not None)
        )

    def holdings(self, estate_id: int, building_id: int | None = None) -> list[Holding]:
        query = (
            select(H.id, B.number, H.room, H.area, M.person_id, M.owner)
            .join(tables.buildings, B.id == H.building_id)
            .join(tables.household_members, M.household_id == H.id)
            .where(H.estate_id == estate_id, H.verified.is_(True))
        )
        if building_id is not None:
            query = query.where(H.building_id == building_id)
        rows: dict[int, tuple[str, Decimal, set[int], set[int]]] = {}
        for hid, number, room, area, person, owner in self.session.execute(query):
            entry = rows.setdefault(hid, (unit_label(number, room), area, set(), set()))
            (entry[2] if owner else entry[3]).add(person)
        return [
            Holding(hid, label, area, frozenset(owners), frozenset(members))
            for hid, (label, area, owners, members) in sorted(rows.items())
        ]

    def rows(self, estate_id: int | None = None) -> list[HouseholdRow]:
        query = select(H.id, H.estate_id, H.building_id, B.number, H.room, H.area, H.verified).join(
            tables.buildings, B.id == H.building_id
        )
        if estate_id is not None:
            query = query.where(H.estate_id == estate_id)
        people = tables.people.c
        names: dict[int, tuple[list[str], list[str]]] = {}
        member_query = select(M.household_id, M.owner, people.real_name, people.display_name).join(
            tables.people, people.id == M.person_id
        )
        for hid, owner, real, shown in self.session.execute(member_query):
            names.setdefault(hid, ([], []))[0 if owner else 1].append(real or shown)
        return [
            HouseholdRow(
                r.id,
                r.estate_id,
                r.building_id,
                r.number,
                r.room,
                r.area,
                r.verified,
                tuple(names.get(r.id, ([], []))[0]),
                tuple(names.get(r.id, ([], []))[1]),
            )
            for r in self.session.execute(query.order_by(B.number, H.room))
        ]


class VoteRepository(Repository):
    def add(self, vote: Vote) -> Vote:
        self.session.add(vote)
        self.session.flush()
        return vote

    def get(self, vote_id: int) -> Vote | None:
        return self.session.get(Vote, vote_id)

    def lock(self, vote_id: int) -> Vote | None:
        """The vote, row-locked until commit (two closers cannot both count it)."""
        query = (
            select(Vote)
            .where(V.id == vote_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).first()

    def find(self, estate_id: int | None = None, limit: int = 200) -> Sequence[Vote]:
        query = select(Vote).order_by(V.id.desc()).limit(limit)
        if estate_id is not None:
            query = query.where(V.estate_id == estate_id)
        return self.session.scalars(query).all()

    def for_topic(self, topic_code: str) -> Sequence[Vote]:
        return self.session.scalars(
            select(Vote).where(V.topic_code == topic_code).order_by(V.id)
        ).all()

    def due(self, status: VoteStatus, now: datetime, limit: int = 20) -> Sequence[Vote]:
        """Votes whose next step has come, skipping those another process holds."""
        moment = {
            VoteStatus.SCHEDULED: V.opens_at,
            VoteStatus.OPEN: V.closes_at,
            VoteStatus.PUBLICITY: V.objection_until,
        }[status]
        query = (
            select(Vote)
            .where(V.status == str(status), moment <= now)
            .order_by(moment, V.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).all()

    def advance(self, vote_id: int, was: VoteStatus, to: VoteStatus) -> bool:
        """Move a vote on from `was`; False if another process already did. The conditional
        UPDATE is the claim: a row lock on PostgreSQL, the write lock on SQLite (where
        SKIP LOCKED means nothing), so a step is only ever taken once."""
        result = self.session.execute(
            update(tables.votes)
            .where(V.id == vote_id, V.status == str(was))
            .values(status=str(to))
            .execution_options(synchronize_session=False)
        )
        return rowcount(result) > 0

    # ---- the electorate snapshot ----

    def snapshot(self, vote_id: int, seats: Sequence[Seat], options: Sequence[str]) -> None:
        if seats:
            self.session.execute(
                insert(tables.vote_electors),
                [
                    {
                        "vote_id": vote_id,
                        "elector": s.elector.key,
                        "label": s.label[:200],
                        "area": s.elector.area,
                    }
                    for s in seats
                ],
            )
            voters = [
                {"vote_id": vote_id, "elector": s.elector.key, "person_id": p}
                for s in seats
                for p in sorted(s.voters)
            ]
            self.session.execute(insert(tables.vote_voters), voters)
        self.session.execute(
            insert(tables.vote_tallies),
            [{"vote_id": vote_id, "option": o, "count": 0, "area": Decimal(0)} for o in options],
        )

    def electors(self, vote_id: int) -> list[tuple[str, str, Decimal]]:
        query = select(E.elector, E.label, E.area).where(E.vote_id == vote_id)
        return [(k, label, area) for k, label, area in self.session.execute(query)]

    def seats_of(self, vote_id: int, person_id: int) -> list[tuple[str, str, Decimal]]:
        """The electors this person may cast a ballot for (usually one). Two steps, each on
        its own index: joined in one query, a freshly filled snapshot (no statistics yet)
        tempts PostgreSQL into walking every elector of the vote."""
        keys = list(
            self.session.execute(
                select(VV.elector).where(VV.vote_id == vote_id, VV.person_id == person_id)
            ).scalars()
        )
        if not keys:
            return []
        query = (
            select(E.elector, E.label, E.area)
            .where(E.vote_id == vote_id, E.elector.in_(keys))
            .order_by(E.elector)
        )
        return [(k, label, area) for k, label, area in self.session.execute(query)]


class BallotRepository(Repository):
    """Ballots and running tallies of a vote: who took part, never how a person voted in
    anything a reader of the tallies can link to them."""

    def participation(
        self, vote_id: int, elector: str
    ) -> tuple[int, str | None, str | None] | None:
        """(person, option, seal) of this elector's ballot, row-locked until commit."""
        query = (
            select(P.person_id, P.option, P.seal)
            .where(P.vote_id == vote_id, P.elector == elector)
            .with_for_update()
        )
        row = self.session.execute(query).first()
        return None if row is None else (row[0], row[1], row[2])

    def first_ballot(
        self,
        vote_id: int,
        elector: str,
        person_id: int,
        at: datetime,
        option: str | None,
        seal: str | None,
    ) -> bool:
        """Record this elector's first ballot; False if one is there already (a co-owner
        got in first, even at the same instant: the unique key decides, and the loser waits
        for the winner's commit and then sees its row)."""
        values = {
            "vote_id": vote_id,
            "elector": elector,
            "person_id": person_id,
            "cast_at": at,
            "option": option,
            "seal": seal,
        }
        dialect = self.session.get_bind().dialect.name
        make = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            make(tables.vote_participation)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(P.id)  # a row back means it went in (rowcount is unreliable here)
        )
        return self.session.execute(statement).scalar() is not None

    def replace_ballot(
        self,
        vote_id: int,
        elector: str,
        person_id: int,
        at: datetime,
        option: str | None,
        seal: str | None,
    ) -> None:
        self.session.execute(
            update(tables.vote_participation)
            .where(P.vote_id == vote_id, P.elector == elector)
            .values(person_id=person_id, cast_at=at, option=option, seal=seal)
        )

    def bump(self, vote_id: int, option: str, count: int, area: Decimal) -> None:
        # One statement, so concurrent ballots add up without reading the total first. It
        # rewrites every option's row, not only the chosen one: on PostgreSQL a row's xmin
        # names the transaction that last wrote it, and the participation row of the same
        # ballot carries the same xmin — touching only the chosen row would tell a database
        # reader which option the latest voter chose.
        chosen = T.option == option
        hundredths = int((area * 100).to_integral_value())  # how AreaColumn keeps areas
        self.session.execute(
            update(tables.vote_tallies)
            .where(T.vote_id == vote_id)
            .values(
                count=T.count + case((chosen, count), else_=0),
                area=T.area + case((chosen, literal(hundredths, Integer)), else_=0),
            )
        )

    def tallies(self, vote_id: int) -> dict[str, tuple[int, Decimal]]:
        query = select(T.option, T.count, T.area).where(T.vote_id == vote_id)
        return {o: (c, a) for o, c, a in self.session.execute(query)}

    def participants(self, vote_id: int) -> list[str]:
        query = select(P.elector).where(P.vote_id == vote_id)
        return list(self.session.execute(query).scalars())

    def records(self, vote_id: int) -> list[BallotRecord]:
        people = tables.people.c
        query = (
            select(E.label, people.real_name, people.display_name, P.option, P.cast_at)
            .join(tables.vote_electors, (E.vote_id == P.vote_id) & (E.elector == P.elector))
            .join(tables.people, people.id == P.person_id)
            .where(P.vote_id == vote_id)
            .order_by(E.label)
        )
        return [
            BallotRecord(label, real or shown, option, at)
            for label, real, shown, option, at in self.session.execute(query)
        ]


class ObjectionRepository(Repository):
    """异议 raised during a vote's publicity period and their resolutions."""

    def add(self, vote_id: int, person_id: int, text: str, at: datetime) -> int:
        return int(
            self.session.execute(
                insert(tables.vote_objections)
                .values(vote_id=vote_id, person_id=person_id, text=text, created_at=at)
                .returning(OB.id)
            ).scalar_one()
        )

    def of_vote(self, vote_id: int) -> list[Objection]:
        query = select(tables.vote_objections).where(OB.vote_id == vote_id).order_by(OB.id)
        return [Objection(**row._mapping) for row in self.session.execute(query)]

    def resolve(self, objection_id: int, vote_id: int, text: str, actor: str, at: datetime) -> bool:
        result = self.session.execute(
            update(tables.vote_objections)
            .where(OB.id == objection_id, OB.vote_id == vote_id, OB.resolved_at.is_(None))
            .values(resolution=text, resolved_by=actor, resolved_at=at)
        )
        return rowcount(result) > 0

    def open_count(self, vote_id: int) -> int:
        query = (
            select(func.count())
            .select_from(tables.vote_objections)
            .where(OB.vote_id == vote_id, OB.resolved_at.is_(None))
        )
        return int(self.session.execute(query).scalar_one())
