"""The 2341 clock as people live it (issue 11, C32/C45/C54): a notice held through the night
starts the clock in the morning, a 督办 is never the first word about a case, one rung hears
once, and the ask fits the rung — through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import Bot
from tests.integration.cases_support import advance, where

PARTY = "兰亭小区党员群"
FRIDAY_NIGHT = datetime.fromisoformat("2026-11-27T21:50:00+08:00")


async def test_a_night_report_gives_the_member_a_full_response_time_in_the_morning(
    bot: Bot,
) -> None:
    bot.clock.set(FRIDAY_NIGHT)
    [ack] = await bot.say("3号楼电梯坏了")
    assert "E0001" in ack.text
    assert await advance(bot, minutes=20) == []  # 22:10: the notice waits for the morning
    morning = await advance(bot, hours=9, minutes=20)  # 07:30
    assert where(morning) == ["private:赵老师", "private:孙志明"]
    assert not any("督办" in s.text for s in morning)
    assert await advance(bot, minutes=19) == []  # 07:49: still their 20 minutes
    slipped = await advance(bot, minutes=1)  # 07:50
    assert where(slipped) == ["private:赵老师", PARTY]
    assert "无人响应" in slipped[0].text


async def test_a_notice_on_time_keeps_the_deadlines(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    await advance(bot, minutes=1)
    slipped = await advance(bot, minutes=19)  # 09:20, as before
    assert "无人响应" in slipped[0].text


async def test_steps_slipping_together_reach_each_rung_once_with_an_ask_that_fits(
    bot: Bot,
) -> None:
    await bot.say("小区电梯坏了", group="兰亭小区业主群")
    await advance(bot, minutes=1)  # no building: the 党员群 hears
    sent = await advance(bot, days=3)  # every step has slipped by now
    to_staff = [s for s in sent if s.to == "王敏"]
    # Steps that slipped together (no sweep ran for three days) make one catch-up message
    # naming where the case stands now (sched11): never one message per step, nor per rung.
    [street] = to_staff
    assert "已升级至街道/职能部门" in street.text
    assert "还没有协调解决，还没有给出解决方案" in street.text
    assert "系统中断后补发" in street.text
    assert "认领 E0001" not in street.text  # staff do not claim cases
    assert "派单 E0001 @党员名字" in street.text
    assert [s.to for s in sent if s.to] == ["刘建华", "王敏"]  # every rung climbed, once each
    party = [s for s in sent if s.group == PARTY]
    assert len(party) == 1  # once in the 党员群, not once per rung reached
    assert sum(s.group == "兰亭小区业主群" for s in sent) == 0  # never in the residents' group


async def test_a_returned_case_is_not_announced_as_new(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    await advance(bot, minutes=1)
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("退回 E0001 我这两天出差", who="孙志明")
    notices = await advance(bot, minutes=1)
    assert notices, "the 党小组 hears of the returned case"
    assert all("新诉求" not in s.text for s in notices)
    assert any("本楼栋有诉求被退回，待重新认领 E0001（电梯 · 3号楼）" in s.text for s in notices)


# ---- convofix3 #6: after an outage, the 督办 waits a full step after the notice -------------


async def test_after_the_bot_was_down_the_late_notice_comes_alone(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")  # 09:00, and the bot goes down: no sweep until 12:00
    caught_up = await advance(bot, hours=3)
    assert where(caught_up) == ["private:赵老师", "private:孙志明"]  # the notice, no 督办
    assert not any("督办" in s.text or "无人响应" in s.text for s in caught_up)
    assert await advance(bot, minutes=19) == []  # 12:19: their 20 minutes run from 12:00
    slipped = await advance(bot, minutes=1)  # 12:20
    assert where(slipped) == ["private:赵老师", PARTY]
    assert "无人响应" in slipped[0].text


async def test_a_notice_stuck_in_the_outbox_holds_its_escalation(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    bot.transport.online = False  # WeChat drops: the notice is queued but cannot go out
    assert await advance(bot, minutes=1) == []
    for _ in range(4):  # the sweep runs on through the outage (to 11:01)
        assert await advance(bot, minutes=30) == []
    bot.transport.online = True
    await bot.linli.runtime.transport_status(True, "已恢复")
    back = await advance(bot, seconds=1)
    assert where(back) == ["private:赵老师", "private:孙志明"]  # the notice alone
    assert not any("督办" in s.text or "无人响应" in s.text for s in back)
    assert await advance(bot, minutes=19) == []
    slipped = await advance(bot, minutes=1)  # a full 20 minutes after it went out
    assert where(slipped) == ["private:赵老师", PARTY]
    with bot.linli.uow_factory() as uow:
        assert not uow.outbox.counts().get("pending")
