"""待确认 storage on real SQLite and PostgreSQL: held messages, settling once, digests once a
day per person, corrections in order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.domain.community import Building, Estate, Person, Role
from bot.domain.review import Correction, CorrectionLabel, ReviewItem, ReviewStatus
from bot.ports import Conflict
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

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


def seed(uow: SqlUnitOfWork) -> tuple[int, int, int, int]:
    estate = uow.estates.add(Estate(key="a", name="甲小区", branch="甲小区党支部"))
    assert estate.id is not None
    building = uow.estates.add_building(Building(estate_id=estate.id, number="3", name="3号楼"))
    resident = uow.people.add(Person(wechat_id="wxid_a", display_name="张阿姨", first_seen=T0))
    leader = uow.people.add(
        Person(
            wechat_id="wxid_l",
            display_name="赵老师",
            role=Role.LEADER,
            estate_id=estate.id,
            building_id=building.id,
        )
    )
    assert building.id and resident.id and leader.id
    return estate.id, building.id, resident.id, leader.id


def held(estate_id: int, sender_id: int, n: int, **extra: object) -> ReviewItem:
    return ReviewItem(
        account="default",
        message_key=f"m{n}",
        estate_id=estate_id,
        sender_id=sender_id,
        text=f"好像有股怪味 {n}",
        received_at=T0 + timedelta(minutes=n),
        category="sanitation",
        building="3",
        **extra,  # type: ignore[arg-type]
    )


def test_held_messages_round_trip_and_settle_once(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        estate_id, building_id, resident, _ = seed(uow)
        first = uow.review.add(held(estate_id, resident, 1, building_id=building_id))
        uow.review.add(held(estate_id, resident, 2))
        uow.commit()
        assert first.code == "Q0001"
    with uows() as uow:
        item = uow.review.get(1)
        assert item is not None and item.status is ReviewStatus.PENDING
        assert item.received_at == T0 + timedelta(minutes=1) and item.building_id == building_id
        assert [i.id for i in uow.review.pending(estate_id=estate_id)] == [1, 2]
        assert [i.id for i in uow.review.pending(before=T0 + timedelta(minutes=1))] == [1]
        assert uow.review.count_pending(estate_id) == 2 and uow.review.count_pending(999) == 0
        assert uow.review.settle(1, ReviewStatus.DISMISSED, "王敏", T0) is True
        assert item.status is ReviewStatus.DISMISSED  # the held object is refreshed
        assert uow.review.settle(1, ReviewStatus.CONVERTED, "赵老师", T0) is False
        uow.commit()
    with uows() as uow:
        item = uow.review.get(1)
        assert item is not None and item.decided_by == "王敏" and item.decided_at == T0
        assert [i.id for i in uow.review.pending()] == [2]
        assert [i.id for i in uow.review.recent(status=ReviewStatus.DISMISSED)] == [1]
        assert [i.id for i in uow.review.recent()] == [2, 1]  # newest first


def test_a_message_is_held_once(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        estate_id, _, resident, _ = seed(uow)
        uow.review.add(held(estate_id, resident, 1))
        uow.commit()
    with uows() as uow, pytest.raises(Conflict):
        uow.review.add(held(estate_id, resident, 1))  # the same message key again


def test_a_digest_is_recorded_once_per_person_and_day(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        *_, leader = seed(uow)
        assert not uow.review.digest_sent(leader, "2026-11-23")
        uow.review.add_digest(leader, "2026-11-23", T0, 2)
        uow.commit()
    with uows() as uow:
        assert uow.review.digest_sent(leader, "2026-11-23")
        assert not uow.review.digest_sent(leader, "2026-11-24")
        with pytest.raises(Conflict):
            uow.review.add_digest(leader, "2026-11-23", T0, 3)


def test_corrections_keep_their_labels_in_order(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        estate_id, _, resident, _ = seed(uow)
        item = uow.review.add(held(estate_id, resident, 1))
        for label, kind, category in (
            (CorrectionLabel.DISMISSED, "chat", None),
            (CorrectionLabel.RECATEGORIZED, "issue", "elevator"),
        ):
            uow.review.add_correction(
                Correction(
                    community="幸福里社区",
                    label=label,
                    text="电梯好像有异响",
                    kind=kind,
                    category=category,
                    actor="王敏",
                    at=T0,
                    estate_id=estate_id,
                    review_id=item.id,
                )
            )
        uow.commit()
    with uows() as uow:
        found = uow.review.corrections(estate_id)
        assert [c.label for c in found] == [
            CorrectionLabel.DISMISSED,
            CorrectionLabel.RECATEGORIZED,
        ]
        assert found[1].corpus_line()["category"] == "elevator"
        assert found[1].corpus_line()["source"] == "correction:幸福里社区"
        assert uow.review.corrections(estate_id + 1) == []
