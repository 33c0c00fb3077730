"""督办 that fall due in the same tick for the same 党员群 go out as one post (polish14): one
case's 组长 step and another's 书记 step used to land as two posts in the same minute."""

from __future__ import annotations

from tests.conftest import Bot
from tests.integration.cases_support import advance, where

PARTY = "兰亭小区党员群"


async def test_two_cases_on_two_rungs_in_one_tick_make_one_party_post(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")  # 09:00: E0001
    await advance(bot, minutes=1)  # its notice
    first = await advance(bot, minutes=9)  # 09:10
    assert PARTY not in where(first)
    await bot.say("4号楼楼道灯不亮了", group="兰亭4号楼邻里群", who="钱阿姨")  # 09:10: E0002
    await advance(bot, minutes=1)  # its notice
    # 09:20: E0001's first step alone (the 组长): one post, as before.
    alone = await advance(bot, minutes=9)
    party = [s.text for s in alone if s.group == PARTY]
    assert len(party) == 1 and party[0].startswith("【督办】诉求 E0001")
    # 09:31: E0001's reply step (the 书记) and E0002's first step (its 组长) in one tick.
    both = await advance(bot, minutes=11)
    party = [s.text for s in both if s.group == PARTY]
    assert len(party) == 1
    [post] = party
    assert post.count("【督办】") == 2
    assert "诉求 E0001" in post and "支部书记" in post
    assert "诉求 E0002" in post and "楼栋党小组长" in post
    # Each person on a rung is still told privately, once.
    private = where(both)
    assert "private:刘建华" in private and "private:周海燕" in private
    assert len(private) == len(set(private))
    assert await advance(bot, minutes=1) == []


async def test_one_step_of_one_case_is_posted_as_it_was(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    await advance(bot, minutes=1)
    slipped = await advance(bot, minutes=19)  # 09:20
    assert where(slipped) == ["private:赵老师", PARTY]
    assert slipped[1].text.count("【督办】") == 1
