"""The absence roster in storage on real SQLite and PostgreSQL: round trip, who is away on a
day, ending one early, and a person's export and erasure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, select

from bot.domain.absence import Absence
from bot.domain.community import Estate, Person, Role
from bot.ports import Conflict
from storage import tables
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uows(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


def seed(uows: SqlUnitOfWorkFactory) -> tuple[int, int]:
    with uows() as uow:
        estate = uow.estates.add(Estate(key="a", name="甲小区", branch="甲小区党支部"))
        assert estate.id is not None
        zhou = uow.people.add(
            Person(wechat_id="wz", display_name="周海燕", role=Role.LEADER, estate_id=estate.id)
        )
        wu = uow.people.add(
            Person(wechat_id="ww", display_name="吴师傅", role=Role.MEMBER, estate_id=estate.id)
        )
        uow.commit()
        assert zhou.id is not None and wu.id is not None
        return zhou.id, wu.id


def away(person_id: int, start: date, end: date, note: str = "出差") -> Absence:
    return Absence(
        person_id=person_id,
        starts_on=start,
        ends_on=end,
        note=note,
        created_at=T0,
        created_by=person_id,
    )


def test_who_is_away_on_a_day(uows: SqlUnitOfWorkFactory) -> None:
    zhou, wu = seed(uows)
    with uows() as uow:
        uow.absences.add(away(zhou, date(2026, 12, 1), date(2026, 12, 5)))
        uow.commit()
    with uows() as uow:
        assert uow.absences.away_on([zhou, wu], date(2026, 11, 30)) == set()
        assert uow.absences.away_on([zhou, wu], date(2026, 12, 1)) == {zhou}
        assert uow.absences.away_on([zhou, wu], date(2026, 12, 5)) == {zhou}  # inclusive
        assert uow.absences.away_on([zhou, wu], date(2026, 12, 6)) == set()
        assert uow.absences.away_on([], date(2026, 12, 3)) == set()
        current = uow.absences.current_for(zhou, date(2026, 12, 3))
        assert current is not None and current.note == "出差"
        assert current.starts_on == date(2026, 12, 1) and current.ends_on == date(2026, 12, 5)
        assert current.created_at == T0 and current.ended_at is None
        assert uow.absences.current_for(wu, date(2026, 12, 3)) is None


def test_ending_an_absence_early(uows: SqlUnitOfWorkFactory) -> None:
    zhou, _ = seed(uows)
    back = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)
    with uows() as uow:
        uow.absences.add(away(zhou, date(2026, 12, 1), date(2026, 12, 5)))
        uow.absences.add(away(zhou, date(2026, 11, 1), date(2026, 11, 5), "上个月"))
        uow.commit()
    with uows() as uow:
        assert uow.absences.end(zhou, back, date(2026, 12, 3)) == 1  # the past one stays
        uow.commit()
    with uows() as uow:
        assert uow.absences.away_on([zhou], date(2026, 12, 4)) == set()
        assert uow.absences.current_for(zhou, date(2026, 12, 4)) is None
        assert uow.absences.end(zhou, back, date(2026, 12, 3)) == 0


def test_an_absence_is_in_her_export_and_goes_with_her_erasure(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    zhou, wu = seed(uows)
    with uows() as uow:
        uow.absences.add(away(zhou, date(2026, 12, 1), date(2026, 12, 5), "12月1号到5号出差"))
        recorded_by_her = away(wu, date(2026, 12, 2), date(2026, 12, 3))
        recorded_by_her.created_by = zhou
        uow.absences.add(recorded_by_her)
        uow.commit()
    with uows() as uow:
        mine = uow.personal_data.everything_about(zhou, "wz")["absences"]
        assert [row["note"] for row in mine] == ["12月1号到5号出差"]  # not the one for 吴师傅
        his = uow.personal_data.everything_about(wu, "ww")["absences"]
        assert [row["person_id"] for row in his] == [wu]
    with uows() as uow:
        done = uow.erasure.erase(zhou, "wz")
        uow.commit()
    assert done["absences"] == 1
    with engine.connect() as connection:
        a = tables.absences.c
        left = connection.execute(select(a.person_id, a.created_by)).all()
    assert [tuple(row) for row in left] == [(wu, None)]


def test_a_span_ending_before_it_starts_is_refused(uows: SqlUnitOfWorkFactory) -> None:
    zhou, _ = seed(uows)
    with pytest.raises(Conflict), uows() as uow:
        uow.absences.add(away(zhou, date(2026, 12, 5), date(2026, 12, 1)))
        uow.commit()
