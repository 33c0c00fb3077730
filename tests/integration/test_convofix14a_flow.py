"""convofix14a through the whole bot: in a group that names no building (the 业主群), a second
voice about the same open problem minutes later joins it instead of opening a second case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.cases import EventKind
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


# ---- the same thing fixed before here: a new case, linked for the handler ---------------

B2 = "兰亭2号楼邻里群"


async def _fixed_gate(bot: Bot) -> None:
    await bot.say("2号楼1单元门禁坏了 刷卡没反应", who="刘大爷", group=B2)
    await bot.say("认领 E0001", who="王国强", group=B2)
    await bot.say("办结 E0001 换了读卡器 已经能刷了", who="王国强", group=B2)
    await bot.say("满意", who="刘大爷", group=B2)


@pytest.mark.parametrize(
    "again",
    [
        "上个月修好的那个单元门门禁又坏了 还是刷不开",
        "2号楼门禁又刷不开了 天天得等人开门",
        "门禁又坏了 刷卡没反应",
    ],
)
async def test_the_same_thing_broken_again_links_the_fixed_case(bot: Bot, again: str) -> None:
    await _fixed_gate(bot)
    bot.clock.advance(timedelta(days=30))
    await bot.say(again, who="刘大爷", group=B2)
    with bot.linli.uow_factory() as uow:
        new = next(c for c in uow.cases.find() if c.code == "E0002")
        assert new.unit == "1" and new.id is not None
        lines = [e.text for e in uow.cases.events(new.id) if e.kind == EventKind.REPEAT]
    assert len(lines) == 1
    assert lines[0].startswith("E0001 已于") and lines[0].endswith("（换了读卡器 已经能刷了）")


async def test_another_thing_or_long_ago_is_not_linked(bot: Bot) -> None:
    await _fixed_gate(bot)
    bot.clock.advance(timedelta(days=30))
    await bot.say("2号楼楼道灯不亮了", who="刘大爷", group=B2)
    bot.clock.advance(timedelta(days=200))
    await bot.say("2号楼门禁又坏了 刷不开", who="刘大爷", group=B2)
    with bot.linli.uow_factory() as uow:
        for case in uow.cases.find():
            assert case.id is not None
            assert not [e for e in uow.cases.events(case.id) if e.kind == EventKind.REPEAT]


# ---- the same home minutes later, from its landlord or family: the same case -------------

B3 = "兰亭3号楼邻里群"
RENTER = "我是租1单元201的 卫生间天花板一直往下滴水 应该是楼上漏的 房东电话打不通"


@pytest.mark.parametrize(
    "landlord",
    [
        "我是201的房东 是楼上301卫生间的管子漏 上次就漏过一回",
        "201是我家出租的房子 楼上301的水管老化了 得找301",
        "我是201的业主 楼上301家卫生间漏水 渗到我家了",
    ],
)
async def test_the_landlord_on_the_same_home_joins_the_case(bot: Bot, landlord: str) -> None:
    await bot.say(RENTER, who="租户小杨", group=B3)
    bot.clock.advance(timedelta(minutes=20))
    await bot.say(landlord, who="王奶奶", group=B3)
    with bot.linli.uow_factory() as uow:
        cases = list(uow.cases.find())
        assert len(cases) == 1 and cases[0].id is not None
        assert cases[0].reporters == 2
        joined = [e.kind for e in uow.cases.events(cases[0].id)]
    assert EventKind.JOINED in joined


async def test_another_home_or_hours_later_is_its_own(bot: Bot) -> None:
    await bot.say(RENTER, who="租户小杨", group=B3)
    bot.clock.advance(timedelta(minutes=20))
    await bot.say("3号楼502的门锁坏了 打不开", who="王奶奶", group=B3)
    bot.clock.advance(timedelta(days=2))
    await bot.say("3号楼201门口的灯坏了", who="老李", group=B3)
    with bot.linli.uow_factory() as uow:
        assert len(list(uow.cases.find())) == 3
