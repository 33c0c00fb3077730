"""说事议事 services on real SQLite and real PostgreSQL: topics through their stages with the
timeline stored, opinions and the summary, the 议事会 reminder job (virtual time, idempotent),
评议 replacing a verdict, 落实 cases linked to their topic, and 金点子 counted by month."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from bot.domain.activities import Venue
from bot.domain.community import Building, Estate, Group, GroupKind, Person, Role
from bot.domain.deliberation.topics import Level, Stage, StepKind, TopicError
from bot.domain.records import OutboxItem
from bot.domain.sla import SlaPolicy
from bot.services.deliberation import consultation, follow_up, meetings, suggestions, topics
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
ACCOUNT = "bot"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uows(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


def seed(uows: SqlUnitOfWorkFactory) -> dict[str, int]:
    with uows() as uow:
        estate = uow.estates.add(Estate(key="lt", name="兰亭小区", branch="兰亭党支部"))
        assert estate.id is not None
        b3 = uow.estates.add_building(Building(estate_id=estate.id, number="3", name="3号楼"))
        b1 = uow.estates.add_building(Building(estate_id=estate.id, number="1", name="1号楼"))
        for topic, building in (("业主群", None), ("3号楼群", b3.id), ("1号楼群", b1.id)):
            kind = GroupKind.BUILDING if building else GroupKind.OWNERS
            uow.groups.add(
                Group(
                    ACCOUNT,
                    topic,
                    room_id=topic,
                    kind=kind,
                    estate_id=estate.id,
                    building_id=building,
                )
            )
        uow.groups.add(
            Group(ACCOUNT, "党员群", room_id="p", kind=GroupKind.PARTY, estate_id=estate.id)
        )
        ids = {"estate": estate.id, "b3": b3.id or 0, "b1": b1.id or 0}
        for key, role, building in (
            ("leader", Role.LEADER, b3.id),
            ("secretary", Role.SECRETARY, None),
            ("member", Role.MEMBER, b3.id),
            ("resident", Role.RESIDENT, b1.id),
            ("staff", Role.STAFF, None),
        ):
            person = uow.people.add(
                Person(f"wx_{key}", key, role=role, estate_id=estate.id, building_id=building)
            )
            ids[key] = person.id or 0
        uow.activities.add_venue(Venue(key="dq", name="党群服务站"))
        uow.commit()
    return ids


def person(uow: SqlUnitOfWork, pid: int) -> Person:
    found = uow.people.get(pid)
    assert found is not None
    return found


def outbox_texts(uow: SqlUnitOfWork) -> list[OutboxItem]:
    return [i for i in (uow.outbox.get(n) for n in range(1, 500)) if i is not None]


def test_a_topic_through_its_stages_with_opinions(uows: SqlUnitOfWorkFactory) -> None:
    ids = seed(uows)
    with uows() as uow:
        leader = person(uow, ids["leader"])
        t = topics.create(
            uow,
            topics.TopicInput(title="电动车不进楼道", level=Level.BUILDING),
            actor=leader,
            account=ACCOUNT,
            now=T0,
        )
        assert t.code == "Y0001" and t.building_id == ids["b3"] and t.organiser_id == leader.id
        _, groups = topics.consult(uow, t.code, actor=leader, account=ACCOUNT, now=T0)
        assert [g.topic for g in groups] == ["3号楼群"]  # the 楼栋's group, never the 党员群
        uow.commit()
    with uows() as uow:
        resident = person(uow, ids["resident"])
        consultation.add_opinion(uow, "Y0001", "同意", person=resident, group=None, now=T0)
        group3 = next(g for g in uow.groups.all() if g.topic == "3号楼群")
        member = person(uow, ids["member"])
        consultation.add_opinion(uow, "Y1", "建车棚", person=member, group=group3, now=T0)
        uow.commit()
    with uows() as uow:
        t = topics.find(uow, "Y0001")
        s = consultation.summary(uow, t)
        assert (s.count, s.people, s.by_building) == (2, 2, [("1号楼", 1), ("3号楼", 1)])
        with pytest.raises(TopicError, match="由牵头人"):
            topics.advance(uow, 1, actor=person(uow, ids["resident"]), account=ACCOUNT, now=T0)
        later = T0 + timedelta(hours=1)
        topics.advance(uow, 1, actor=person(uow, ids["leader"]), account=ACCOUNT, now=later)
        topics.skip(
            uow,
            1,
            Stage.MEETING,
            "小事",
            actor=person(uow, ids["leader"]),
            account=ACCOUNT,
            now=later,
        )
        uow.commit()
    with uows() as uow:
        t = topics.find(uow, 1)
        assert t.stage is Stage.VOTING and t.skipped == ["meeting"]
        steps = [(s.kind, s.stage, s.actor) for s in uow.topics.steps(1)]
        assert steps == [
            (StepKind.OPENED, Stage.PROPOSED, "leader"),
            (StepKind.ENTERED, Stage.CONSULTING, "leader"),
            (StepKind.ENTERED, Stage.MEETING, "leader"),
            (StepKind.SKIPPED, Stage.MEETING, "leader"),
            (StepKind.ENTERED, Stage.VOTING, "leader"),
        ]
        final = [i for i in outbox_texts(uow) if i.text.startswith("征求意见结束")]
        assert len(final) == 1 and final[0].person_id == ids["leader"]
        with pytest.raises(TopicError, match="不在征求意见"):
            consultation.add_opinion(
                uow, 1, "晚了", person=person(uow, ids["member"]), group=None, now=T0
            )
        assert len(uow.topics.opinions(1)) == 2


def test_escalation_hands_over_to_the_next_organiser(uows: SqlUnitOfWorkFactory) -> None:
    ids = seed(uows)
    with uows() as uow:
        member = person(uow, ids["member"])
        t = topics.create(
            uow,
            topics.TopicInput(title="广场舞音量", level=Level.NEIGHBOUR),
            actor=member,
            account=ACCOUNT,
            now=T0,
        )
        assert t.organiser_id == member.id
        for expected in ("leader", "secretary", "staff"):
            actor = person(uow, t.organiser_id or 0)  # each organiser hands it up
            t, organiser = topics.escalate(uow, 1, actor=actor, account=ACCOUNT, now=T0)
            assert organiser is not None and organiser.id == ids[expected]
        told = [i for i in outbox_texts(uow) if "提级到" in i.text]
        assert [i.person_id for i in told] == [ids["leader"], ids["secretary"], ids["staff"]]
        assert "四方联席" in told[-1].text
        uow.commit()


def test_meeting_reminders_the_day_before_once(uows: SqlUnitOfWorkFactory) -> None:
    ids = seed(uows)
    with uows() as uow:
        secretary = person(uow, ids["secretary"])
        t = topics.create(
            uow,
            topics.TopicInput(title="加装电梯", level=Level.ESTATE),
            actor=secretary,
            account=ACCOUNT,
            now=T0,
        )
        start = datetime(2026, 11, 26, 19, 0, tzinfo=TZ)
        _, m = meetings.schedule(
            uow,
            t.code,
            starts_at=start,
            venue="党群服务站",
            roles=None,
            guests="member",
            actor=secretary,
            now=T0,
        )
        assert m.roles == ["支部书记", "楼栋党小组长"]
        uow.commit()
    job = meetings.make_jobs(uows, ACCOUNT, TZ, time(18, 0))[0]
    assert job(datetime(2026, 11, 25, 17, 59, tzinfo=TZ)) == 0  # not yet
    assert job(datetime(2026, 11, 25, 18, 0, tzinfo=TZ)) == 3  # 书记, 党小组长, a named guest
    assert job(datetime(2026, 11, 25, 18, 1, tzinfo=TZ)) == 0  # once only
    with uows() as uow:
        reminded = {i.person_id for i in outbox_texts(uow) if i.text.startswith("温馨提醒")}
        assert reminded == {ids["secretary"], ids["leader"], ids["member"]}
        _, meeting = meetings.record(
            uow,
            1,
            minutes="同意调查",
            attendance=["secretary", "业委会李主任"],
            actor=person(uow, ids["secretary"]),
            now=T0,
        )
        _, groups = meetings.publish(uow, 1, actor=person(uow, ids["secretary"]), now=T0, tz=TZ)
        assert len(groups) == 3 and meeting.published_at == T0
        with pytest.raises(TopicError, match="没有找到"):
            meetings.publish(
                uow, 1, actor=person(uow, ids["staff"]), now=T0, tz=TZ, scope_estate=99
            )
        uow.commit()


def test_follow_up_cases_and_the_review(uows: SqlUnitOfWorkFactory) -> None:
    ids = seed(uows)
    with uows() as uow:
        staff = person(uow, ids["staff"])
        t = topics.create(
            uow,
            topics.TopicInput(title="充电桩", level=Level.ESTATE, estate_id=ids["estate"]),
            actor=staff,
            account=ACCOUNT,
            now=T0,
        )
        with pytest.raises(TopicError, match="表决通过并公示后"):
            follow_up.spawn_case(
                uow, 1, summary="装充电桩", actor=staff, now=T0, policy=SlaPolicy()
            )
        t.stage = Stage.IMPLEMENTING
        _, case = follow_up.spawn_case(
            uow, 1, summary="装充电桩", building="3", actor=staff, now=T0, policy=SlaPolicy()
        )
        assert case.summary == "[Y0001] 装充电桩" and case.respond_due is not None  # 2341 runs
        assert uow.topics.case_ids(1) == [case.id] and uow.topics.topic_of_case(case.id or 0) == 1
        with pytest.raises(TopicError, match="还没有开始评议"):
            follow_up.evaluate(uow, 1, "满意", person=staff, group=None, now=T0)
        topics.advance(uow, 1, actor=staff, account=ACCOUNT, now=T0)
        resident = person(uow, ids["resident"])
        follow_up.evaluate(uow, 1, "不满意", person=resident, group=None, now=T0)
        _, _, replaced = follow_up.evaluate(uow, 1, "满意", person=resident, group=None, now=T0)
        assert replaced
        follow_up.evaluate(uow, 1, "基本满意", person=staff, group=None, now=T0)
        tally = follow_up.tally(uow, t)
        assert (tally.satisfied, tally.basic, tally.unsatisfied, tally.rate) == (1, 1, 0, 1.0)
        uow.commit()


def test_suggestions_answered_promoted_and_counted(uows: SqlUnitOfWorkFactory) -> None:
    ids = seed(uows)
    with uows() as uow:
        resident = person(uow, ids["resident"])
        for days, text in ((0, "装快递柜"), (1, "装休息椅"), (31, "装路灯")):
            suggestions.submit(
                uow,
                text,
                person=resident,
                group=None,
                account=ACCOUNT,
                now=T0 + timedelta(days=days),
            )
        staff = person(uow, ids["staff"])
        s = suggestions.answer(uow, "S0001", "下月安装", actor=staff, account=ACCOUNT, now=T0)
        assert s.status.value == "answered" and s.answered_by == "staff"
        with pytest.raises(Exception, match="不在您负责的小区"):
            suggestions.answer(
                uow, "S0002", "好", actor=staff, account=ACCOUNT, now=T0, scope_estate=99
            )
        topic = suggestions.promote(uow, 2, Level.ESTATE, actor=staff, account=ACCOUNT, now=T0)
        assert topic.source == "S0002" and uow.suggestions.get(2).topic_id == topic.id  # type: ignore[union-attr]
        months = suggestions.by_month(
            uow, now=T0 + timedelta(days=31), tz=TZ, estate_id=ids["estate"]
        )
        assert months[-2:] == [("2026-11", 2), ("2026-12", 1)]
        uow.commit()
