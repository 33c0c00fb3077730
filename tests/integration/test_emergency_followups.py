"""Around an emergency, people keep talking (issue 11, convo3 D1 D2 D25 D38 D46 D51), through
the whole bot on SQLite and PostgreSQL: "已经打了119了" is news on the open emergency, not a
second one; the safety tip follows the danger, not a phone number; "孩子找到了" stands the alarm
down for everyone it reached; a second voice about one fire joins it without a building."""

from __future__ import annotations

from bot.domain.cases import EventKind
from tests.conftest import Bot
from tests.integration.cases_support import advance, load

LIFT = "快来人啊 我家老头子被关在电梯里了 卡在5楼和6楼中间 喊他还能应"


def case_count(bot: Bot) -> int:
    with bot.linli.uow_factory() as uow:
        return len(list(uow.cases.find()))


def told(sent: list) -> dict[str, str]:
    return {s.group or f"private:{s.to}": s.text for s in sent}


async def test_help_called_is_news_on_her_emergency_not_a_new_one(bot: Bot) -> None:
    await bot.say(LIFT, who="李婶")
    sent = told(await bot.say("已经打了119了 说马上到", who="李婶"))
    group = sent["兰亭3号楼邻里群"]
    assert "收到，您已经联系了119" in group and "诉求 E0001" in group
    assert "【居民补充】" in sent["private:赵老师"]
    assert case_count(bot) == 1
    _, events = load(bot)
    assert any(e.kind == EventKind.NOTE and "打了119" in e.text for e in events)
    # Another service, in other words, on an ordinary case: a plain "收到".
    await bot.say("5号楼门口的路灯不亮了", who="王叔")
    sent = told(await bot.say("打了物业电话了 说下午来", who="王叔"))
    assert sent["兰亭3号楼邻里群"].startswith("收到。已把您的话记到诉求 E0002")
    assert case_count(bot) == 2


async def test_a_neighbour_saying_the_firemen_came_joins_nothing_new(bot: Bot) -> None:
    await bot.say("2栋楼道里全是烟 着火了", who="李婶")
    sent = told(await bot.say("消防车来了 大家别慌", who="王奶奶"))
    assert "诉求 E0001" in sent["兰亭3号楼邻里群"]
    assert case_count(bot) == 1


async def test_calling_and_a_new_danger_is_still_a_report(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了 停在1楼不动", who="李婶")
    sent = await bot.say("楼下着火了 已经打了119", who="李婶")
    assert any("【紧急】" in s.text and "E0002" in s.text for s in sent)
    # Asking someone to call is no news of a call.
    await bot.say("快打119吧", who="王奶奶")
    assert case_count(bot) == 2


async def test_the_safety_tip_follows_the_danger_not_the_number(bot: Bot) -> None:
    await bot.say(LIFT, who="李婶")
    sent = told(await bot.say("我也听见了 3号楼电梯里有人 快打119吧", who="王奶奶"))
    group = sent["兰亭3号楼邻里群"]
    assert "电梯里的警铃" in group and "湿毛巾" not in group


async def test_found_stands_the_emergency_down_for_everyone_alerted(bot: Bot) -> None:
    alert = told(await bot.say("我家孩子不见了 5岁男孩 穿红衣服 刚才还在滑梯那", who="杨妈妈"))
    assert "private:刘建华" in alert and "兰亭小区党员群" in alert
    sent = told(await bot.say("孩子找到了 在超市里 谢谢大家 虚惊一场", who="杨妈妈"))
    assert "太好了" in sent["兰亭3号楼邻里群"] and "不再催办" in sent["兰亭3号楼邻里群"]
    # Everyone the alert woke hears it is over (D46): the 组长, the 支部书记, the 党员群.
    for where in ("private:赵老师", "private:刘建华", "兰亭小区党员群"):
        assert "【居民撤回】" in sent[where]
    case, _ = load(bot)
    assert case.status.is_open and not case.urgent
    # Nobody is woken for it again, nor chased up the ordinary ladder (convofix6 R11).
    assert not any("督办" in s.text for s in await advance(bot, hours=30))


async def test_not_found_yet_is_no_stand_down(bot: Bot) -> None:
    await bot.say("我家孩子不见了 5岁男孩 穿红衣服 刚才还在滑梯那", who="杨妈妈")
    await bot.say("还没找到 大家帮忙看看", who="杨妈妈")
    assert load(bot)[0].urgent


async def test_one_fire_two_voices_one_case_without_a_building(bot: Bot) -> None:
    owners = "兰亭小区业主群"
    await bot.say("小区地库里有辆电动车着火了 火苗窜得老高 快来人", who="小谭", group=owners)
    sent = await bot.say("地库着火了 大家别下地库", who="保安老刘", group=owners)
    assert any("已有居民反映" in s.text and "E0001" in s.text for s in sent)
    assert case_count(bot) == 1
    # Another danger minutes later is its own case.
    await bot.say("有人晕倒了 就在小区南门口", who="小谭", group=owners)
    assert case_count(bot) == 2
