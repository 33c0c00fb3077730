"""Catching up after a long gap (sched11): a restart after an outage, or a replay whose clock
jumps days. What fell due in the gap happens once, at once, in one message per person: the
党小组 hears of the case with its real age, the rungs above hear once where the case stands
now, quiet hours still hold, and nothing fires again later — on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bot.domain.cases import Case, EventKind
from bot.domain.community import Estate, Person
from bot.domain.lifecycle import start_clock
from bot.domain.sla import SlaPolicy
from bot.services import sla
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import START, Bot
from tests.integration.cases_support import advance, load, where
from tests.integration.test_replay_cli import SCENARIOS, lines, replay

PARTY = "兰亭小区党员群"
LEADERS = ["private:赵老师", "private:孙志明"]  # the 3号楼 党小组


def _notices(sent: list) -> list:
    return [
        s for s in sent if "E0001" in s.text and "认领 E0001" in s.text and "督办" not in s.text
    ]


async def test_two_days_down_the_notice_tells_its_age_and_the_ladder_catches_up_once(
    bot: Bot,
) -> None:
    await bot.say("3号楼电梯坏了")  # Monday 09:00; the bot goes down until Wednesday 10:00
    bot.clock.set(START)
    caught_up = await advance(bot, days=2, hours=1)
    notices = _notices(caught_up)
    assert [where([s])[0] for s in notices] == LEADERS
    for notice in notices:  # not announced as if it came in a minute ago
        assert "新诉求" not in notice.text
        assert "11月23日 09:00" in notice.text and "2天" in notice.text
    chased = [s for s in caught_up if "督办" in s.text]
    assert chased, "a case two days overdue reaches the ladder in the same tick"
    # One catch-up per person and one in the 党员群, naming where the case stands now.
    recipients = where(chased)
    assert len(recipients) == len(set(recipients)), recipients
    assert recipients.count(PARTY) == 1
    assert not set(recipients) & set(LEADERS)  # the notice is their first word, not a 督办
    top = next(s for s in chased if s.group == PARTY)
    assert "已升级至街道/职能部门" in top.text
    assert "响应、回复居民、协调解决、给出解决方案时限已过" in top.text
    assert "系统中断" in top.text
    case, events = load(bot)
    assert case.respond_fired and case.reply_fired and case.coordinate_fired and case.solution_fired
    assert case.escalation_level == 4
    assert [e.kind for e in events].count(EventKind.ESCALATED) == 1
    # Nothing fires again: not in an hour, not the next day.
    assert await advance(bot, hours=1) == []
    assert await advance(bot, days=1) == []


async def test_a_gap_ending_at_night_waits_for_the_morning_and_still_catches_up(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")  # Monday 09:00; back on Wednesday 23:00
    assert await advance(bot, days=2, hours=14) == []  # quiet hours: nothing goes out
    assert await advance(bot, hours=8) == []  # 07:00 Thursday, still quiet
    morning = await advance(bot, minutes=30)  # 07:30
    assert [where([s])[0] for s in _notices(morning)] == LEADERS
    chased = [s for s in morning if "督办" in s.text]
    assert where(chased).count(PARTY) == 1
    assert await advance(bot, hours=2) == []


async def test_a_short_outage_still_gives_the_party_group_a_full_step(bot: Bot) -> None:
    """convofix3 #6 holds for a gap shorter than the coordination time (4 service hours)."""
    await bot.say("3号楼电梯坏了")
    caught_up = await advance(bot, hours=3)
    assert where(caught_up) == LEADERS
    assert "09:00" in caught_up[0].text  # late: it says when the case came in
    assert not any("督办" in s.text for s in caught_up)


async def test_a_jump_after_a_timely_notice_sends_one_catch_up_not_one_per_rung(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    assert where(await advance(bot, minutes=1)) == LEADERS
    sent = await advance(bot, days=3)  # every step slipped while no sweep ran
    recipients = where(sent)
    assert len(recipients) == len(set(recipients)), recipients
    assert recipients.count(PARTY) == 1
    [top] = [s for s in sent if s.group == PARTY]
    assert "已升级至街道/职能部门" in top.text
    assert await advance(bot, days=1) == []


def test_replay_with_a_two_day_jump() -> None:
    out = lines(replay(SCENARIOS / "cases_long_gap.jsonl"))
    later = [o for o in out if o["at"] != "2026-11-23T09:00:00+08:00"]
    assert later, out
    assert {o["at"] for o in later} == {"2026-11-25T10:00:00+08:00"}, later  # all at the jump
    notices = [o for o in later if "认领 E0001" in str(o["text"]) and "督办" not in str(o["text"])]
    assert [o["to"] for o in notices] == ["赵老师", "孙志明"]
    assert all("新诉求" not in str(o["text"]) for o in notices)
    party = [o for o in later if o["group"] == PARTY]
    assert len(party) == 1 and "已升级至" in str(party[0]["text"])
    targets = [(o["group"], o["to"]) for o in later]
    assert len(targets) == len(set(targets)), targets  # one message per person


@pytest.mark.postgres
def test_two_processes_catching_up_at_once_fire_each_case_once(pg_database: str) -> None:
    """Two processes come back after two days and sweep at the same moment: FOR UPDATE SKIP
    LOCKED splits the overdue cases, each is told once and climbs once."""
    from tests.conftest import _reset_postgres

    _reset_postgres(pg_database)
    engine = make_engine(pg_database)
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    now = START + timedelta(days=2, hours=1)
    with factory() as uow:
        estate = uow.estates.add(Estate(key="x", name="X小区", branch="X党支部"))
        person = uow.people.add(Person(wechat_id="wxid_x", display_name="x"))
        assert estate.id is not None and person.id is not None
        for _ in range(6):
            case = Case(
                estate_id=estate.id,
                category="elevator",
                summary="电梯坏了",
                reporter_id=person.id,
                opened_at=START,
            )
            start_clock(case, START, SlaPolicy())
            uow.cases.add(case)
        uow.commit()
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
    assert sum(r.notices for r in reports) == 6
    with factory() as uow:
        for case_id in range(1, 7):
            kinds = [e.kind for e in uow.cases.events(case_id)]
            assert kinds.count(EventKind.NOTIFIED) == 1, kinds
            assert kinds.count(EventKind.ESCALATED) == 1, kinds
            got = uow.cases.get(case_id)
            assert got is not None and got.solution_fired is not None
            assert got.next_due is None
    assert sla.sweep(factory, settings, now + timedelta(days=1)).cases == 0
    engine.dispose()
