"""convofix8 through the whole bot on SQLite and PostgreSQL: other phrasings of each class
the blind tester found (the scenarios under tests/scenarios/convo8_*.jsonl hold his), and
the near misses that must not change."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.cases import CaseStatus, EventKind
from tests.conftest import Bot
from tests.integration.cases_support import load

GROUP = "兰亭3号楼邻里群"
FLOOD = "3号楼2单元水管爆了 水哗哗往下流 快来人"


def case_count(bot: Bot) -> int:
    with bot.linli.uow_factory() as uow:
        return len(list(uow.cases.find()))


def told(sent: list) -> dict[str, str]:
    return {s.group or f"private:{s.to}": s.text for s in sent}


# ---- class 1: one incident, many voices; the handler's news ------------------------------


async def test_neighbours_saying_it_is_here_too_join_the_emergency(bot: Bot) -> None:
    await bot.say(FLOOD, who="张阿姨")
    assert load(bot)[0].urgent
    for who, words in (("李叔", "楼下也是"), ("小王", "我们单元也一样"), ("老周", "我家也进水了")):
        bot.clock.advance(timedelta(minutes=1))
        sent = await bot.say(words, who=who)
        assert "已合并跟进" in told(sent)[GROUP], words
    assert case_count(bot) == 1 and load(bot)[0].reporters == 4


async def test_what_is_no_me_too_stays_out(bot: Bot) -> None:
    await bot.say(FLOOD, who="张阿姨")
    for who, words in (("李叔", "我家也没事"), ("小王", "我们楼也有吗"), ("老周", "我也觉得")):
        await bot.say(words, who=who)
    assert load(bot)[0].reporters == 1


async def test_the_holders_news_without_a_code_is_progress(bot: Bot) -> None:
    await bot.say(FLOOD, who="张阿姨")
    await bot.say("认领 E0001", who="孙志明")
    sent = await bot.say("阀门关上了 正在换管子", who="孙志明")
    assert any(s.text.endswith("有新进展：阀门关上了 正在换管子") for s in sent)
    case, events = load(bot)
    assert case.status is CaseStatus.IN_PROGRESS and case.reporters == 1
    assert [e.text for e in events if e.kind == EventKind.PROGRESS] == ["阀门关上了 正在换管子"]
    assert case_count(bot) == 1
    # His question is no news, and a member who holds nothing here says nothing to a case.
    assert await bot.say("修好了吗", who="孙志明") == []
    assert await bot.say("通了", who="郑晓东", group="兰亭1号楼邻里群") == []


async def test_a_member_holding_nothing_reports_on_the_emergency_nearby(bot: Bot) -> None:
    await bot.say(FLOOD, who="张阿姨")
    sent = await bot.say("物业的人到了 已经在关总阀", who="赵老师")
    assert any("有新进展" in s.text for s in sent) and case_count(bot) == 1
    assert load(bot)[0].reporters == 1


# ---- class 2: different problems stay apart -----------------------------------------------


async def test_numbered_items_of_one_category_are_separate_cases(bot: Bot) -> None:
    sent = await bot.say("1、单元门关不上 2、信报箱坏了", who="张阿姨")
    assert told(sent)[GROUP].startswith("已受理您反映的 2 个问题") and case_count(bot) == 2


async def test_a_numbered_list_of_one_thing_is_one_case(bot: Bot) -> None:
    await bot.say("1.电梯有异响 2.电梯按钮也不灵了", who="张阿姨")
    assert case_count(bot) == 1


async def test_a_clear_report_is_not_folded_into_a_held_vague_one(bot: Bot) -> None:
    assert await bot.say("单元门好像关不太严", who="钱阿姨") == []
    bot.clock.advance(timedelta(minutes=3))
    sent = await bot.say("3号楼信报箱被人撬了", who="小王")
    assert "合并" not in told(sent)[GROUP]
    case, _ = load(bot)
    assert "信报箱" in case.summary and case.reporters == 1


# ---- class 3: the all-clear in everyday words -----------------------------------------------


async def test_the_reporters_harmless_cause_stands_the_alarm_down(bot: Bot) -> None:
    await bot.say("3号楼楼道全是烟 好呛", who="张阿姨")
    assert load(bot)[0].urgent
    sent = await bot.say("原来是楼下在熏腊肉", who="张阿姨")
    assert told(sent)[GROUP].startswith("太好了！已把您的话记到诉求 E0001")
    assert not load(bot)[0].urgent


async def test_a_harmless_cause_after_an_ordinary_report_is_nothing(bot: Bot) -> None:
    await bot.say("3号楼楼道灯坏了", who="张阿姨")
    assert await bot.say("是302家炒辣椒呛的", who="张阿姨") == []
    assert load(bot)[0].status.is_open


async def test_a_member_says_nobody_is_hurt(bot: Bot) -> None:
    await bot.say("3号楼电梯困人了 快来人", who="张阿姨")
    sent = await bot.say("人都没事 已经出来了", who="孙志明")
    assert told(sent)[GROUP].startswith("收到，诉求 E0001 已解除紧急")
    assert not load(bot)[0].urgent


# ---- class 4: the thing named, the rating in words ------------------------------------------


async def test_a_thing_named_with_ne_answers_its_case(bot: Bot) -> None:
    await bot.say("3号楼门口的路灯不亮了", who="张阿姨")
    await bot.say("3号楼垃圾桶满了好几天没人倒", who="张阿姨")
    assert await bot.say("门口的快递呢", who="张阿姨") == []  # a place alone names no case
    [answer] = await bot.say("路灯那个呢", who="张阿姨")
    assert answer.text.startswith("诉求 E0001")
    [which] = await bot.say("那件事呢", who="张阿姨")
    assert which.text.startswith("您问的是哪一件？") and "E0002" in which.text


async def test_ratings_with_thanks_or_a_caveat(bot: Bot) -> None:
    await bot.say("3号楼门口的路灯不亮了", who="张阿姨")
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("办结 E0001 换了灯泡", who="孙志明")
    [thanks] = await bot.say("挺好的 就是晚上才来", who="张阿姨")
    assert thanks.text.startswith("谢谢您的评价（满意）")
    _, events = load(bot)
    assert [e.text for e in events if e.kind == EventKind.RATED] == ["满意（挺好的 就是晚上才来）"]
