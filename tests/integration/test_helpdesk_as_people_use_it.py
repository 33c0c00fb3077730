"""帮办代办 nobody takes (issue 11, C59): the ladder says how long in words people use, and
the resident hears once that we are still looking — through the whole bot on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.services.helpdesk.requests import say_duration
from tests.conftest import Bot
from tests.integration.test_helpdesk import confirmed, places, tick


async def test_the_resident_hears_once_and_the_ladder_says_whole_hours(bot: Bot) -> None:
    await confirmed(bot, "代办 买药")  # respond_hours = 2
    first = places(await tick(bot, timedelta(hours=2)))
    assert "居民确认已 2 小时仍无人接单" in first["private:赵老师"]
    told = first["private:张阿姨"]
    assert told.startswith("您申请的帮办 H0001") and "还在帮您找人" in told
    assert "0358-8201234" in told  # whom to call meanwhile
    second = places(await tick(bot, timedelta(hours=2)))
    assert "private:张阿姨" not in second  # once, not at every rung
    assert "居民确认已 4 小时仍无人接单" in second["private:刘建华"]


def test_durations_in_words() -> None:
    assert say_duration(timedelta(minutes=20)) == "1 小时"
    assert say_duration(timedelta(hours=2, minutes=10)) == "2 小时"
    assert say_duration(timedelta(hours=24)) == "1天"
    assert say_duration(timedelta(hours=36)) == "1天半"
    assert say_duration(timedelta(hours=84)) == "3天半"
    assert say_duration(timedelta(hours=120)) == "5天"
