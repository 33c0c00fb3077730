"""What the arrival statement notes as absent, on real SQLite and PostgreSQL (issue 15 §3):
the reads it makes unnecessary send nothing, and the same reads after a write in the
transaction, or where something does exist, read the database as before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event

from bot.domain.cases import Case, CaseStatus
from bot.domain.community import Estate, Group, Person
from bot.domain.deliberation.topics import Level, Stage, Topic
from bot.domain.helpdesk import HelpRequest
from bot.domain.helpdesk import Status as HelpStatus
from bot.domain.review import ReviewItem
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


class _Selects:
    """The tables the SELECTs sent from now on start from."""

    def __init__(self, engine: Engine) -> None:
        self.seen: list[str] = []
        self._engine = engine
        event.listen(engine, "before_cursor_execute", self._note)

    def _note(self, *args: object) -> None:
        words = str(args[2]).split()
        if words[0].upper() == "SELECT" and "FROM" in words:
            self.seen.append(words[words.index("FROM") + 1])

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._note)


def _seed(uows: SqlUnitOfWorkFactory) -> tuple[int, int, int]:
    """An estate, a room and two residents: 张 (wxid_a) and 李 (wxid_b)."""
    with uows() as uow:
        estate = uow.estates.add(Estate(key="a", name="甲小区", branch="甲小区党支部"))
        group = uow.groups.add(Group(account="default", topic="3号楼", room_id="room-3"))
        group.estate_id, group.first_seen = estate.id, T0
        zhang = uow.people.add(Person(wechat_id="wxid_a", display_name="张阿姨", first_seen=T0))
        uow.people.add(Person(wechat_id="wxid_b", display_name="李叔", first_seen=T0))
        uow.commit()
        assert estate.id is not None and group.id is not None and zhang.id is not None
        return estate.id, group.id, zhang.id


def _case(uow: SqlUnitOfWork, estate_id: int, person_id: int, status: CaseStatus) -> int:
    case = uow.cases.add(
        Case(
            estate_id=estate_id,
            category="elevator",
            summary="电梯坏了",
            reporter_id=person_id,
            opened_at=T0,
            status=status,
        )
    )
    assert case.id is not None
    uow.cases.add_reporter(case.id, person_id, T0)
    return case.id


def _arrive(uow: SqlUnitOfWork, wechat_id: str) -> tuple[int, int]:
    found = uow.messages.arrival("default", "m1", "room-3", wechat_id)
    assert found.person is not None and found.group is not None
    assert found.person.id is not None and found.group.id is not None
    return found.person.id, found.group.id


def test_nothing_of_theirs_and_nothing_held_sends_no_read(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    _seed(uows)
    with uows() as uow:
        person_id, group_id = _arrive(uow, "wxid_b")
        selects = _Selects(engine)
        try:
            assert not uow.messages.rating_may_wait(person_id)
            assert not uow.messages.held_may_wait(group_id)
            assert list(uow.cases.by_reporter(person_id)) == []
        finally:
            selects.close()
        assert selects.seen == []  # each answered from the arrival


def test_what_exists_is_read(uows: SqlUnitOfWorkFactory) -> None:
    estate_id, group_id, zhang = _seed(uows)
    with uows() as uow:
        case_id = _case(uow, estate_id, zhang, CaseStatus.RESOLVED)
        uow.review.add(
            ReviewItem(
                account="default",
                message_key="held1",
                estate_id=estate_id,
                sender_id=zhang,
                text="楼道里好像有股怪味",
                received_at=T0,
                group_id=group_id,
            )
        )
        uow.commit()
    with uows() as uow:
        person_id, group_id = _arrive(uow, "wxid_a")
        assert uow.messages.rating_may_wait(person_id)
        assert uow.messages.held_may_wait(group_id)
        assert [c.id for c in uow.cases.by_reporter(person_id)] == [case_id]
        assert [c.id for c in uow.cases.awaiting_rating(person_id)] == [case_id]


@pytest.mark.parametrize("status", [CaseStatus.ACCEPTED, CaseStatus.REVIEWED])
def test_an_open_case_waits_for_no_rating_a_reviewed_one_may(
    uows: SqlUnitOfWorkFactory, status: CaseStatus
) -> None:
    """A reviewed case: a co-reporter may still rate it late (claims.late_rating_case)."""
    estate_id, _group_id, zhang = _seed(uows)
    with uows() as uow:
        _case(uow, estate_id, zhang, status)
        uow.commit()
    with uows() as uow:
        person_id, _ = _arrive(uow, "wxid_a")
        assert uow.messages.rating_may_wait(person_id) is (status is CaseStatus.REVIEWED)
        assert len(uow.cases.by_reporter(person_id)) == 1  # a reporter: read


def test_a_finished_help_request_may_wait_for_a_rating(uows: SqlUnitOfWorkFactory) -> None:
    estate_id, _group_id, zhang = _seed(uows)
    with uows() as uow:
        uow.helpdesk.add(
            HelpRequest(
                estate_id=estate_id,
                service_key="electricity",
                service_name="代缴电费",
                point_key="helpdesk",
                requester_id=zhang,
                status=HelpStatus.DONE,
                created_at=T0,
                done_at=T0,
            )
        )
        uow.commit()
    with uows() as uow:
        person_id, _ = _arrive(uow, "wxid_a")
        assert uow.messages.rating_may_wait(person_id)


def test_after_a_write_the_facts_no_longer_answer(
    uows: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    """A case opened and a reporter added in the same transaction: read, and found."""
    estate_id, _group_id, _zhang = _seed(uows)
    with uows() as uow:
        person_id, group_id = _arrive(uow, "wxid_b")
        case_id = _case(uow, estate_id, person_id, CaseStatus.RESOLVED)
        selects = _Selects(engine)
        try:
            assert uow.messages.rating_may_wait(person_id)
            assert uow.messages.held_may_wait(group_id)
            assert [c.id for c in uow.cases.by_reporter(person_id)] == [case_id]
        finally:
            selects.close()
        assert selects.seen == ["cases"]


def test_a_reporter_added_on_the_connection_ends_the_facts(uows: SqlUnitOfWorkFactory) -> None:
    """add_reporter writes past the session's events: it says so itself."""
    estate_id, _group_id, zhang = _seed(uows)
    with uows() as uow:
        case_id = _case(uow, estate_id, zhang, CaseStatus.ACCEPTED)
        uow.commit()
    with uows() as uow:
        person_id, _ = _arrive(uow, "wxid_b")
        assert uow.cases.add_reporter(case_id, person_id, T0)
        assert [c.id for c in uow.cases.by_reporter(person_id)] == [case_id]


def test_a_sender_met_for_the_first_time_keeps_the_room_s_fact(
    uows: SqlUnitOfWorkFactory,
) -> None:
    """Inserting the new person (flushed for its id) writes nothing the facts are about."""
    _seed(uows)
    with uows() as uow:
        found = uow.messages.arrival("default", "m1", "room-3", "wxid_new")
        assert found.person is None and found.group is not None and found.group.id is not None
        uow.people.add(Person(wechat_id="wxid_new", display_name="新邻居", first_seen=T0))
        assert not uow.messages.held_may_wait(found.group.id)


@pytest.mark.parametrize("stage", [Stage.PROPOSED, Stage.CONSULTING])
def test_a_topic_in_consultation_is_looked_for_only_where_there_is_one(
    uows: SqlUnitOfWorkFactory, stage: Stage
) -> None:
    estate_id, _group_id, zhang = _seed(uows)
    with uows() as uow:
        uow.topics.add(
            Topic(
                estate_id=estate_id,
                level=Level.ESTATE,
                title="小区停车位重新划线",
                organiser_id=zhang,
                created_at=T0,
                created_by="张阿姨",
                stage=stage,
            )
        )
        uow.commit()
    with uows() as uow:
        _arrive(uow, "wxid_b")
        assert uow.messages.may_consult(estate_id) is (stage is Stage.CONSULTING)
