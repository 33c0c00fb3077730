"""A party member's plan for the case he holds, said without its code ("今天去不了，明天上午去"):
news for the resident, on SQLite and PostgreSQL. With two cases held he is asked which; his
own day ("明天上午去医院") stays speech."""

from __future__ import annotations

from bot.domain.cases import EventKind
from tests.conftest import Bot
from tests.integration.cases_support import load


def relayed(sent: list, group: str = "兰亭3号楼邻里群") -> list[str]:
    return [s.text for s in sent if s.group == group]


async def test_a_plan_for_the_one_case_held_reaches_the_resident(bot: Bot) -> None:
    await bot.say("3号楼楼道灯坏了", who="张阿姨")
    await bot.say("认领 E0001", who="孙志明")
    sent = await bot.private("今天去不了，明天上午去", who="孙志明")
    assert any("E0001" in t and "新进展：今天去不了 明天上午去" in t for t in relayed(sent))
    assert any(s.to == "孙志明" and "已记录" in s.text for s in sent)
    case, events = load(bot)
    assert case.status.is_open
    assert [e.text for e in events if e.kind == EventKind.PROGRESS] == ["今天去不了 明天上午去"]


async def test_with_two_cases_held_he_is_asked_which(bot: Bot) -> None:
    await bot.say("3号楼楼道灯坏了", who="张阿姨")
    await bot.say("3号楼门口垃圾桶满了没人清", who="李叔")
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("认领 E0002", who="孙志明")
    [asked] = await bot.private("今天有事 明天一早过去看", who="孙志明")
    assert "「进展 E0001」或「进展 E0002」" in asked.text
    sent = await bot.private("E0002 明天一早过去看", who="孙志明")
    assert any("E0002" in t and "明天一早过去看" in t for t in relayed(sent))


async def test_his_own_day_and_a_neighbours_plan_are_speech(bot: Bot) -> None:
    await bot.say("3号楼楼道灯坏了", who="张阿姨")
    await bot.say("认领 E0001", who="孙志明")
    answer = await bot.private("明天上午去医院", who="孙志明")
    assert not relayed(answer) and not any("已记录" in s.text for s in answer)
    # A resident holds no case: her "明天上午去" is her own business.
    assert relayed(await bot.say("明天上午去", who="李叔")) == []
    _, events = load(bot)
    assert not [e for e in events if e.kind == EventKind.PROGRESS]
