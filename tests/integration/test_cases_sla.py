"""The 2341 sweep through the whole bot: once and only once, across restarts and processes."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.config import CommunityConfig
from bot.domain.cases import Case, EventKind
from bot.domain.community import Estate, Person
from bot.domain.lifecycle import start_clock
from bot.domain.sla import SlaPolicy
from bot.ports import Classifier
from bot.services import sla
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import START, Bot, running_bot
from tests.integration.cases_support import advance, load, where

PARTY = "兰亭小区党员群"


async def test_notice_then_each_step_fires_once(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    notices = await advance(bot, minutes=1)
    assert where(notices) == ["private:赵老师", "private:孙志明"]  # the 楼栋党小组 first
    assert await advance(bot, minutes=1) == []
    slipped = await advance(bot, minutes=18)  # 09:20
    assert where(slipped) == ["private:赵老师", PARTY]
    assert "无人响应" in slipped[0].text and "楼栋党小组长" in slipped[0].text
    assert all(s.group != "兰亭3号楼邻里群" for s in slipped)  # never in the residents' group
    assert await advance(bot, minutes=1) == []
    reply = await advance(bot, minutes=9)  # 09:30: the reply step, one rung up
    assert where(reply) == ["private:刘建华", PARTY]
    _, events = load(bot)
    assert [e.kind for e in events].count(EventKind.ESCALATED) == 2


async def test_restart_mid_clock_sends_exactly_one_reminder(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    """Stop the bot before the 20-minute deadline, start a new one on the same database."""
    async with running_bot(db_url, tmp_path, demo_config, classifier) as first:
        await first.say("3号楼电梯坏了")
        assert len(await advance(first, minutes=10)) == 2  # the notice, then the bot stops
    async with running_bot(db_url, tmp_path, demo_config, classifier) as second:
        second.clock.set(START + timedelta(minutes=10))
        assert await advance(second, minutes=5) == []
        reminder = await advance(second, minutes=6)  # 09:21
        assert where(reminder) == ["private:赵老师", PARTY]
        assert await advance(second, seconds=30) == []
    async with running_bot(db_url, tmp_path, demo_config, classifier) as third:
        third.clock.set(START + timedelta(minutes=21))
        assert await advance(third, seconds=30) == []  # a third start repeats nothing
        _, events = load(third)
        assert [e.kind for e in events].count(EventKind.ESCALATED) == 1
        assert [e.kind for e in events].count(EventKind.NOTIFIED) == 1


async def test_quiet_hours_hold_ordinary_cases_but_not_urgent_ones(bot: Bot) -> None:
    bot.clock.set(datetime.fromisoformat("2026-11-23T23:00:00+08:00"))
    [ack] = await bot.say("3号楼电梯坏了")
    assert "E0001" in ack.text  # residents always get their answer
    assert await advance(bot, hours=8) == []  # 07:00: nobody chased at night
    morning = await advance(bot, minutes=30)  # 07:30
    assert where(morning) == ["private:赵老师", "private:孙志明"]
    urgent = await bot.say("4号楼电梯困人了，快来人", group="兰亭4号楼邻里群", who="钱阿姨")
    assert "【紧急】" in urgent[0].text
    assert set(where(urgent[1:])) == {"private:周海燕", "private:吴师傅", "private:刘建华", PARTY}


async def test_urgent_case_at_night_escalates_at_once(bot: Bot) -> None:
    bot.clock.set(datetime.fromisoformat("2026-11-23T23:30:00+08:00"))
    sent = await bot.say("4号楼电梯困人了，快来人", group="兰亭4号楼邻里群", who="钱阿姨")
    assert len(sent) == 5
    # Only the chasing matters here (other features may write to the reporter meanwhile).
    assert [s for s in await advance(bot, minutes=4) if s.to != "钱阿姨"] == []
    slipped = [s for s in await advance(bot, minutes=1) if s.to != "钱阿姨"]  # 5 min, even at night
    assert where(slipped) == ["private:周海燕", PARTY]
    assert slipped[0].text.startswith("【紧急督办】")
    case, _ = load(bot)
    assert case.urgent and case.respond_fired is not None


def _seed_due_cases(factory: SqlUnitOfWorkFactory, count: int, now: datetime) -> None:
    policy = SlaPolicy()
    with factory() as uow:
        estate = uow.estates.add(Estate(key="x", name="X小区", branch="X党支部"))
        person = uow.people.add(Person(wechat_id="wxid_x", display_name="x"))
        assert estate.id is not None and person.id is not None
        for _ in range(count):
            case = Case(
                estate_id=estate.id,
                category="elevator",
                summary="电梯坏了",
                reporter_id=person.id,
                opened_at=now - timedelta(hours=1),
            )
            start_clock(case, case.opened_at, policy)
            case.notified_at = case.opened_at
            uow.cases.add(case)
        uow.commit()


@pytest.mark.postgres
def test_postgres_sweeps_split_due_rows_with_skip_locked(pg_database: str) -> None:
    from tests.conftest import _reset_postgres

    _reset_postgres(pg_database)
    engine = make_engine(pg_database)
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    now = datetime.fromisoformat("2026-11-23T12:00:00+08:00")
    _seed_due_cases(factory, 6, now)
    with factory() as first, factory() as second:
        mine = {c.id for c in first.cases.due(now, 4)}
        theirs = {c.id for c in second.cases.due(now, 100)}
        assert len(mine) == 4 and len(theirs) == 2 and not mine & theirs

    # Two sweeps at once: every due step is handled by exactly one of them.
    settings = sla.SweepSettings(account="default", batch=2)
    barrier = threading.Barrier(2)
    reports: list[sla.SweepReport] = []

    def run() -> None:
        barrier.wait()
        reports.append(sla.sweep(factory, settings, now))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(r.cases for r in reports) == 6
    with factory() as uow:
        for case_id in range(1, 7):
            events = uow.cases.events(case_id)
            kinds = [e.kind for e in events]
            # Respond and reply, once each; with nobody on record both reach the top rung,
            # and one rung hears once (C45).
            assert kinds.count(EventKind.ESCALATED) == 1, kinds
            [escalated] = [e for e in events if e.kind == EventKind.ESCALATED]
            assert escalated.text.startswith("响应、回复居民超时")
    engine.dispose()


async def test_a_silent_leader_who_holds_the_case_is_passed_over(bot: Bot) -> None:
    """赵老师 is the 楼栋党小组长 and the handler: the reply slip goes to the 支部书记."""
    await bot.say("3号楼电梯坏了")
    await advance(bot, minutes=1)  # the notice to the building's 党小组
    claimed = await bot.say("认领 E0001", who="赵老师")
    assert "认领成功" in claimed[0].text
    assert await advance(bot, minutes=20) == []  # the response step was met by the claim
    slipped = await advance(bot, minutes=9)  # 09:30: the reply step slips
    assert where(slipped) == ["private:刘建华", "private:赵老师", PARTY]
    assert "已升级至小区党支部书记：刘建华" in slipped[0].text
    assert "您承办的诉求" in slipped[1].text  # the handler is reminded, not "escalated to"
    assert all("楼栋党小组长：赵老师" not in s.text for s in slipped)
    coordinate = await advance(bot, hours=3, minutes=30)  # 13:00: the coordination step
    assert "private:刘建华" not in where(coordinate)
    assert "已升级至社区党委" in coordinate[0].text


async def test_a_case_without_a_building_reaches_the_secretary_once(bot: Bot) -> None:
    await bot.say("小区电梯坏了", group="兰亭小区业主群")
    await advance(bot, minutes=1)
    first = await advance(bot, minutes=19)  # 09:20: nobody claimed it
    assert where(first) == ["private:刘建华", PARTY]
    assert "已升级至小区党支部书记：刘建华" in first[0].text
    second = await advance(bot, minutes=10)  # 09:30: the reply step, one rung up
    assert "private:刘建华" not in where(second)
    assert "已升级至社区党委" in second[0].text
    _, events = load(bot)
    labels = [e.text for e in events if e.kind == EventKind.ESCALATED]
    assert labels[0].endswith("升级至小区党支部书记：刘建华")
    assert "刘建华" not in labels[1]


async def test_the_calendar_warning_is_logged_once_a_day_not_every_tick(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="bot.services.case_jobs"):
        for _ in range(3):
            await advance(bot, minutes=1)
        await bot.say("3号楼电梯坏了")
        first_day = [r for r in caplog.records if "chinesecalendar" in r.getMessage()]
        await advance(bot, days=1)
        await advance(bot, minutes=1)
    warnings = [r.getMessage() for r in caplog.records if "chinesecalendar" in r.getMessage()]
    assert len(first_day) <= 1 and len(warnings) - len(first_day) == 1
    assert "2027" in warnings[-1] and "法定节假日推算" in warnings[-1]
