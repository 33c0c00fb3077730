"""convofix14d through the whole bot: a leader's words on a case act on it (重新打开, 改类别,
督办, 吹哨, taking it over); from anyone else the same words are what they were before."""

from __future__ import annotations

from bot.domain.cases import CaseStatus, EventKind
from tests.conftest import Bot
from tests.integration.cases_support import load, texts

GROUP = "兰亭3号楼邻里群"


async def claimed_case(bot: Bot, text: str = "3号楼2单元楼道灯坏了") -> None:
    [opened] = await bot.say(text, who="李叔")
    assert "E0001" in opened.text
    await bot.say("认领 E0001", who="孙志明")


async def test_only_a_leader_reopens_a_close_in_words(bot: Bot) -> None:
    await claimed_case(bot)
    await bot.say("办结 E0001 换好了", who="孙志明")
    await bot.say("E0001 结错了 重新打开", who="吴师傅", group="兰亭小区党员群")
    assert load(bot)[0].status is CaseStatus.RESOLVED  # a member of another building: no
    sent = await bot.private("E0001 办结错了 麻烦重新打开 灯还是不亮", who="赵老师")
    case, events = load(bot)
    assert case.status.is_open and case.assignee_id is not None
    assert events[-1].kind == EventKind.REOPENED
    assert any(s.to == "赵老师" and "已重新打开诉求 E0001" in s.text for s in sent)
    told = [s.text for s in sent if s.group == GROUP]
    assert told and "已重新办理：灯还是不亮" in told[0]
    assert not any("麻烦重新打开" in s.text for s in sent if s.group)


async def test_a_leader_takes_over_a_case_someone_holds(bot: Bot) -> None:
    await claimed_case(bot)
    sent = await bot.private("E0001 交给我吧 小孙这几天忙", who="赵老师")
    assert any("已改由您承办" in t for t in texts(sent))
    assert any(s.to == "孙志明" and "已由 赵老师 接手" in s.text for s in sent)
    case, _ = load(bot)
    with bot.linli.uow_factory() as uow:
        holder = uow.people.get(case.assignee_id or 0)
        assert holder is not None and holder.name == "赵老师"
    # Her close then closes it and asks 李叔 to rate.
    closed = await bot.say("E0001 灯换好了", who="赵老师")
    assert any("已办结" in s.text and "请您评价" in s.text for s in closed if s.group == GROUP)


async def test_take_over_words_on_an_unclaimed_case_are_a_claim(bot: Bot) -> None:
    await bot.say("3号楼2单元楼道灯坏了", who="李叔")
    sent = await bot.say("E0001 交给我吧", who="赵老师")
    assert any("认领成功" in t for t in texts(sent))


async def test_a_holder_hands_over_to_a_member_he_names(bot: Bot) -> None:
    await claimed_case(bot)
    sent = await bot.say("E0001 明天我住院 @赵老师 你接手吧", who="孙志明")
    assert any(s.to == "赵老师" and s.text.startswith("【转交】孙志明") for s in sent)
    resident = [s.text for s in sent if s.mentions == ("李叔",)]
    assert resident == ["您反映的诉求 E0001（公共设施 · 3号楼2单元）已安排党员 赵老师 承办。"]
    # Someone who does not hold it cannot give it away.
    refused = await bot.say("E0001 @孙志明 交给你了", who="吴师傅")
    assert not any(s.to == "孙志明" for s in refused)


async def test_urging_reaches_the_holder_not_the_resident(bot: Bot) -> None:
    await claimed_case(bot)
    sent = await bot.say("E0001 赶紧处理一下 都两天了", who="刘建华")
    assert [s.text[:4] for s in sent if s.to == "孙志明"] == ["【督办】"]
    assert not any(s.mentions == ("李叔",) for s in sent)
    # The same words from the resident are no 督办.
    mine = await bot.say("E0001 赶紧处理一下 都两天了", who="李叔")
    assert not any(s.text.startswith("【督办】") for s in mine)


async def test_a_leader_corrects_the_category(bot: Bot) -> None:
    await claimed_case(bot)
    sent = await bot.private("E0001 分类错了 应该是电梯", who="赵老师")
    assert any("改为「电梯」" in t for t in texts(sent))
    case, events = load(bot)
    assert case.category == "elevator" and events[-1].kind == EventKind.RECATEGORIZED
    assert not any(s.group for s in sent)


async def test_a_whistle_without_a_department_says_what_to_do(bot: Bot) -> None:
    await claimed_case(bot)
    sent = await bot.private("E0001 报给城管", who="刘建华")
    assert len(sent) == 1 and "还没有配置部门接口" in sent[0].text
    assert load(bot)[0].department is None
