"""帮办代办 requests in storage on real SQLite and PostgreSQL: round trip, the conditional claim,
the queries the chat, the ladder and the 台账 use."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.domain.cases import Rating
from bot.domain.community import Estate, Person
from bot.domain.helpdesk import FLAGS_KEY, Channel, HelpEvent, HelpRequest, Status
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uows(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


def seed(uows: SqlUnitOfWorkFactory) -> tuple[int, int, int]:
    with uows() as uow:
        estate = uow.estates.add(Estate(key="a", name="甲小区", branch="甲小区党支部"))
        assert estate.id is not None
        old = uow.people.add(
            Person(
                wechat_id="w1",
                display_name="张阿姨",
                estate_id=estate.id,
                extra={FLAGS_KEY: "高龄"},
            )
        )
        helper = uow.people.add(Person(wechat_id="w2", display_name="小林", estate_id=estate.id))
        uow.commit()
        assert old.id is not None and helper.id is not None
        return estate.id, old.id, helper.id


def new(estate_id: int, requester_id: int | None, **kw: object) -> HelpRequest:
    fields: dict[str, object] = {
        "estate_id": estate_id,
        "service_key": "utility",
        "service_name": "代缴水电燃气费",
        "point_key": "p",
        "created_at": T0,
        "requester_id": requester_id,
    }
    fields.update(kw)
    return HelpRequest(**fields)  # type: ignore[arg-type]


def test_round_trip_and_queries(uows: SqlUnitOfWorkFactory) -> None:
    estate_id, old_id, helper_id = seed(uows)
    with uows() as uow:
        draft = uow.helpdesk.add(new(estate_id, old_id))
        walk_in = uow.helpdesk.add(
            new(
                estate_id,
                None,
                contact_name="刘大妈",
                contact_phone="13812345678",
                channel=Channel.PHONE,
                status=Status.OPEN,
                confirmed_at=T0,
                next_due=T0 + timedelta(hours=2),
            )
        )
        assert draft.id is not None and walk_in.id is not None
        uow.helpdesk.add_event(HelpEvent(request_id=walk_in.id, at=T0, kind="confirmed"))
        uow.commit()
    with uows() as uow:
        assert uow.helpdesk.draft_of(old_id).id == draft.id  # type: ignore[union-attr]
        found = uow.helpdesk.get(walk_in.id)
        assert found is not None and found.channel is Channel.PHONE and found.confirmed_at == T0
        assert [e.kind for e in uow.helpdesk.events(walk_in.id)] == ["confirmed"]
        assert uow.helpdesk.due(T0 + timedelta(hours=1), 10) == []
        assert [r.id for r in uow.helpdesk.due(T0 + timedelta(hours=2), 10)] == [walk_in.id]
        assert [r.id for r in uow.helpdesk.find(status=Status.OPEN)] == [walk_in.id]
        assert {p.display_name for p in uow.helpdesk.people_of(estate_id)} == {"张阿姨", "小林"}
        # The claim: once, by a conditional UPDATE; a second claim matches nothing.
        assert uow.helpdesk.claim(found, helper_id, T0 + timedelta(hours=3))
        assert found.status is Status.CLAIMED and found.next_due is None
        assert not uow.helpdesk.claim(found, old_id, T0 + timedelta(hours=3))
        assert found.claimer_id == helper_id
        found.status, found.done_at, found.persons, found.hours = (
            Status.DONE,
            T0 + timedelta(days=1),
            2,
            1.5,
        )
        uow.commit()
    with uows() as uow:
        assert uow.helpdesk.awaiting_rating(old_id) == []  # the walk-in has no requester
        assert [r.id for r in uow.helpdesk.of_person(helper_id)] == [walk_in.id]
        month = uow.helpdesk.between(T0 - timedelta(days=1), T0 + timedelta(days=7), estate_id)
        assert [r.id for r in month] == [walk_in.id]  # drafts are not counted
        later = uow.helpdesk.between(T0 + timedelta(hours=12), T0 + timedelta(days=7))
        assert [(r.id, r.persons, r.hours) for r in later] == [(walk_in.id, 2, 1.5)]
        mine = uow.helpdesk.get(draft.id)
        assert mine is not None
        mine.status, mine.rating = Status.RATED, Rating.BASIC
        uow.commit()
    with uows() as uow:
        rated = uow.helpdesk.get(draft.id)
        assert rated is not None and rated.rating is Rating.BASIC
