"""Commands residents use that are not theirs or not for the group, through the whole bot on
SQLite and PostgreSQL (convo3 D17 D18 D22 D59): a one-line why, never silence, and the
ballot without a code goes to the only vote open for the household."""

from __future__ import annotations

from tests.conftest import Bot
from tests.integration.votes_support import building_vote


async def test_a_resident_using_the_notice_command_hears_why(bot: Bot) -> None:
    [why] = await bot.say("通知 全部 明天大家都来开会", who="赵大爷")
    assert "只有社区工作人员和支部书记可以发通知" in why.text
    # A notice passed on by a neighbour is no command: nothing to answer.
    assert await bot.say("通知：明天上午9点到12点停水，请大家提前储水", who="赵大爷") == []


async def test_help_questions_in_the_group_are_answered(bot: Bot) -> None:
    [short] = await bot.say("这个机器人能干啥啊", who="赵大爷")
    assert "私聊我「帮助」看全部用法" in short.text
    [how] = await bot.say("小助手 我不会用 教教我怎么报修", who="赵大爷")
    assert how.text.startswith("直接在群里说哪里出了问题就行")
    [check] = await bot.say("怎么查我报的事", who="赵大爷", mentions=("邻里小助手",))
    assert "「我的诉求」" in check.text and "请直接说说" not in check.text
    [sign_up] = await bot.say("请问在群里怎么报名活动啊", who="赵大爷")
    assert "「报名 编号」" in sign_up.text


async def test_a_ballot_in_the_group_in_any_order_is_told_to_go_private(bot: Bot) -> None:
    vote = building_vote(bot.linli)
    await bot.say("大家好", who="李叔")  # the vote's opening post goes out
    for words in (f"我同意 {vote.code}", f"{vote.code} 我同意", f"我家不同意 {vote.code} 挡光"):
        [told] = await bot.say(words, who="张阿姨")
        assert "请私聊我投票" in told.text, words
    assert await bot.say(f"大家都去投 {vote.code} 吧", who="张阿姨") == []


async def test_a_ballot_without_a_code_goes_to_the_only_open_vote(bot: Bot) -> None:
    vote = building_vote(bot.linli, secret=False)
    await bot.say("大家好", who="李叔")
    [named] = await bot.private("同意", who="张阿姨")
    assert (
        f"投票 {vote.code}「3号楼加装电梯」" in named.text
        and f"投票 {vote.code} 同意" in named.text
    )
    [cast] = await bot.private("投票 同意", who="张阿姨")
    assert cast.text.startswith("投票成功") and "您选择「同意」" in cast.text
    # Someone not on the roll is asked for the code, as before.
    [asked] = await bot.private("投票 同意", who="钱阿姨")
    assert "请写上投票编号" in asked.text


async def test_a_leader_using_the_notice_command_in_the_group_hears_why(bot: Bot) -> None:
    # convo4 F56: 赵老师 is a 楼栋党小组长, not a secretary.
    [why] = await bot.say("通知 3号楼 明天打疫苗", who="赵老师")
    assert "只有社区工作人员和支部书记可以发通知" in why.text


# ---- convo4 F38 F87: replies follow the asker's role ------------------------------------------


async def test_a_team_members_helpdesk_list_shows_what_he_can_take(bot: Bot) -> None:
    await bot.say("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    [mine] = await bot.private("我的帮办", who="郑晓东")
    assert "待接单" in mine.text and "H0001" in mine.text and "需要帮忙请发送" not in mine.text
    [resident] = await bot.private("我的帮办", who="李叔")
    assert "您还没有帮办代办记录" in resident.text


async def test_staff_and_members_not_understood_get_their_own_hint(bot: Bot) -> None:
    [staff] = await bot.private("今天有什么要处理的", who="王敏")
    assert "「待认领」" in staff.text and "查积分发「我的积分」" not in staff.text
    [member] = await bot.private("今天有什么要处理的", who="孙志明")
    assert "「认领 E0001」" in member.text


# ---- convo3 D61 D55 D39: fields read whole ----------------------------------------------------


async def test_a_dispatch_with_words_around_the_name(bot: Bot) -> None:
    await bot.say("3号楼2单元楼道的灯坏了好几天了", who="张阿姨")
    sent = await bot.private("派单E0001给王国强，谢谢", who="王敏")
    assert any("派给 王国强" in s.text for s in sent if s.to == "王敏")


async def test_a_completion_phrase_is_relayed_whole(bot: Bot) -> None:
    await bot.say("3号楼2单元楼道的灯坏了好几天了", who="张阿姨")
    await bot.say("认领 E0001", who="孙志明")
    sent = await bot.say("E0001 处理完毕", who="孙志明")
    closed = next(s for s in sent if "已办结" in s.text and s.group)
    assert "已办结：处理完毕" in closed.text


async def test_a_labelled_topic_title_loses_its_label(bot: Bot) -> None:
    [made, *_] = await bot.private(
        "新议题\n议题：小区南门加装人脸识别门禁\n级别：小区\n说明：方便出入", who="刘建华"
    )
    assert "「小区南门加装人脸识别门禁」" in made.text and "议题：小区南门" not in made.text


# ---- convo3 D28: a neighbour offering help is thanked ---------------------------------------


async def test_a_neighbour_offering_to_fix_a_case_is_thanked(bot: Bot) -> None:
    [ack] = await bot.say("2号楼5楼楼道窗户关不上 风很大", who="小林", group="兰亭2号楼邻里群")
    [offer] = await bot.say(
        "这个我来 我家有工具", who="热心邻居老宋", group="兰亭2号楼邻里群", quote=ack.text
    )
    assert offer.text.startswith("谢谢您的热心") and "E0001" in offer.text
    [again] = await bot.say("认领 E0001", who="热心邻居老宋", group="兰亭2号楼邻里群")
    assert again.text.startswith("谢谢您的热心") and "需要党员身份" in again.text
    # Not quoting a case, "这个我来" is ordinary talk.
    assert await bot.say("这个我来", who="热心邻居老宋", group="兰亭2号楼邻里群") == []
