"""Reports as people write them (issue 11, C43/C60): several problems in one message, and a
neighbour's door written in Chinese numerals — through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from bot.domain.cases import CaseStatus
from tests.conftest import Bot
from tests.integration.cases_support import advance, load


async def test_two_problems_joined_by_haiyou_are_two_cases_with_one_receipt(bot: Bot) -> None:
    [receipt] = await bot.say(
        "1号楼门口路灯不亮了，还有西边那个垃圾桶满了好几天没人倒",
        group="兰亭1号楼邻里群",
        who="刘大爷",
    )
    assert receipt.text.startswith("已受理您反映的 2 个问题")
    assert "E0001（公共设施 · 1号楼）：1号楼门口路灯不亮了" in receipt.text
    assert "E0002（环境卫生 · 1号楼）：西边那个垃圾桶满了好几天没人倒" in receipt.text
    first, _ = load(bot, 1)
    second, _ = load(bot, 2)
    assert (first.category, second.category) == ("facilities", "sanitation")
    assert first.building == second.building == "1"  # the second clause names no building
    notices = await advance(bot, minutes=1)
    assert any("E0002" in s.text for s in notices)  # each problem reaches the 党小组


async def test_closing_one_problem_leaves_the_other_open(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了 还有楼道灯也不亮 一楼大门也关不上了", who="李婶")
    lift, _ = load(bot, 1)
    rest, _ = load(bot, 2)
    assert lift.category == "elevator" and rest.category == "facilities"
    assert "楼道灯" in rest.summary and "大门" in rest.summary  # one category, one case
    await bot.say("认领 E0001", who="赵老师")
    await bot.say("办结 E0001 电梯修好了", who="赵老师")
    assert load(bot, 1)[0].status is CaseStatus.RESOLVED
    assert load(bot, 2)[0].status.is_open


async def test_problems_in_two_buildings_are_two_cases(bot: Bot) -> None:
    [receipt] = await bot.say("3号楼水管漏水了 另外 4号楼楼道灯不亮", group="兰亭小区业主群")
    assert "2 个问题" in receipt.text
    assert {load(bot, 1)[0].building, load(bot, 2)[0].building} == {"3", "4"}


async def test_one_problem_stays_one_case(bot: Bot) -> None:
    for number, text in enumerate(
        (
            "1号楼后面那个路灯不亮了 晚上黑得很",  # no joiner
            "电梯坏了还有人被困在里面",  # 还有 = "still": one problem, urgent
            "3号楼垃圾桶满了，另外旁边那个垃圾桶也满了",  # the same problem twice
        ),
        start=1,
    ):
        [receipt, *_] = await bot.say(text, who=f"居民{number}")
        assert "个问题" not in receipt.text, text
    with bot.linli.uow_factory() as uow:
        assert uow.cases.get(3) is not None and uow.cases.get(4) is None


async def test_what_a_leak_did_is_the_same_case_not_a_second_one(bot: Bot) -> None:
    """convofix3 #3: 还有 adding a symptom of the same leak opens one case, not two."""
    for number, text in enumerate(
        (
            "楼上漏水了，还有我家天花板都湿了",
            "下水道堵了 还有一股臭味",
        ),
        start=1,
    ):
        [receipt, *_] = await bot.say(text, who=f"居民{number}", group=f"兰亭{number}号楼邻里群")
        assert "个问题" not in receipt.text and f"E000{number}" in receipt.text, receipt.text
    leak, _ = load(bot, 1)
    assert "天花板都湿了" in leak.summary  # the symptom stays on the case members read
    with bot.linli.uow_factory() as uow:
        assert uow.cases.get(3) is None
    # A different problem after the leak is still its own case.
    [receipt] = await bot.say(
        "楼上漏水了，还有电梯坏了好几天了", who="李叔", group="兰亭4号楼邻里群"
    )
    assert receipt.text.startswith("已受理您反映的 2 个问题")


async def test_a_door_in_chinese_numerals_is_masked_in_the_group(bot: Bot) -> None:
    await bot.say(
        "三号楼二单元五零二天天往楼下扔烟头 我家被子都烫了个洞 我电话13912345678",
        group="兰亭2号楼邻里群",
        who="钱阿姨",
    )
    [status] = await bot.say("进度 E0001", group="兰亭2号楼邻里群", who="钱阿姨")
    assert "五零二" not in status.text and "三号楼二单元***" in status.text
    assert "139****5678" in status.text
    [private] = await bot.private("进度 E0001", who="钱阿姨")
    assert "五零二" in private.text  # the reporter herself reads it whole


J2 = "锦绣2栋楼栋群"
JY = "锦绣家园业主群"


async def _merged(bot: Bot) -> None:
    await bot.say("2栋门口垃圾三天没人收了 臭得不行", group=J2, who="孙大妈")
    [merged] = await bot.say("锦绣2栋那边垃圾堆成山了 物业干嘛呢", group=JY, who="周先生")
    assert "已合并跟进" in merged.text
    await bot.say("认领 E0001", group=J2, who="林文斌")


async def test_each_reporter_hears_where_they_reported(bot: Bot) -> None:
    await _merged(bot)
    done = await bot.say("办结 E0001 已经全部清运 也消毒了", group=J2, who="林文斌")
    news = [s for s in done if "已办结" in s.text]
    assert sorted(s.group or "" for s in news) == sorted([J2, JY])  # one per group
    assert all(len(s.mention_ids) == 1 for s in news)  # each @ only the one who spoke there


async def test_a_co_reporters_rating_counts_after_the_first(bot: Bot) -> None:
    await _merged(bot)
    await bot.say("办结 E0001 已经全部清运", group=J2, who="林文斌")
    [first] = await bot.say("满意", group=J2, who="孙大妈")
    assert first.text.startswith("谢谢您的评价（满意）")
    [second] = await bot.say("基本满意", group=JY, who="周先生")  # after the case closed
    assert second.text.startswith("谢谢您的评价（基本满意）")
    case, events = load(bot)
    assert case.status is CaseStatus.REVIEWED
    assert [e.text for e in events if e.kind == "rated"] == ["满意", "基本满意"]
    assert await bot.say("满意", group=JY, who="周先生") == []  # once only: then it is chat


async def test_a_co_reporters_unsatisfied_reopens_the_case(bot: Bot) -> None:
    await _merged(bot)
    await bot.say("办结 E0001 已经全部清运", group=J2, who="林文斌")
    await bot.say("满意", group=J2, who="孙大妈")
    sent = await bot.say("不满意", group=JY, who="周先生")
    assert any("已重新打开" in s.text for s in sent)
    assert load(bot)[0].status.is_open


async def test_a_private_co_reporter_hears_privately(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    await bot.private("3号楼电梯坏了", who="李叔")
    sent = await bot.say("认领 E0001", who="孙志明")
    news = [s for s in sent if "已由党员 孙志明 认领" in s.text]
    assert {s.group or f"private:{s.to}" for s in news} == {"兰亭3号楼邻里群", "private:李叔"}
