"""convofix14a through the whole bot: in a group that names no building (the 业主群), a second
voice about the same open problem minutes later joins it instead of opening a second case."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Bot

OWNERS = "兰亭小区业主群"


def case_count(bot: Bot) -> int:
    with bot.linli.uow_factory() as uow:
        return len(list(uow.cases.find()))


async def test_a_second_voice_in_the_owners_group_joins_the_case(bot: Bot) -> None:
    await bot.say("小区东门的消防通道被物业用铁链锁了", who="李叔", group=OWNERS)
    bot.clock.advance(timedelta(minutes=3))
    sent = await bot.say("消防通道可不能锁 出了事谁负责", who="小王", group=OWNERS)
    assert any("已合并跟进" in s.text and "E0001" in s.text for s in sent)
    assert case_count(bot) == 1


async def test_another_thing_in_the_owners_group_is_its_own_case(bot: Bot) -> None:
    await bot.say("小区东门的消防通道被物业用铁链锁了", who="李叔", group=OWNERS)
    bot.clock.advance(timedelta(minutes=3))
    await bot.say("小区北门的垃圾站好几天没人清了 臭死了", who="小王", group=OWNERS)
    assert case_count(bot) == 2


async def test_a_building_named_is_a_case_of_that_building(bot: Bot) -> None:
    await bot.say("小区东门的消防通道被物业用铁链锁了", who="李叔", group=OWNERS)
    bot.clock.advance(timedelta(minutes=3))
    await bot.say("5号楼后面的消防通道也被锁了", who="小王", group=OWNERS)
    assert case_count(bot) == 2
