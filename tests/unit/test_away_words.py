"""A member telling the bot she will be away (convofix14e, convo14b file 24)."""

from __future__ import annotations

import pytest

from bot.chat.away import says_away


@pytest.mark.parametrize(
    "text",
    [
        "刘书记 我这周去外地出差 12月1号到5号都不在小区 楼里的事麻烦您先帮看着",
        "下周我要回老家 大概一周 楼里有事找书记吧",
        "我住院了 这几天不在小区",
        "明天起请假三天 3天后回来",
        "月底前我在外地 麻烦大家",
    ],
)
def test_an_absence_with_its_time(text: str) -> None:
    assert says_away(text)


@pytest.mark.parametrize(
    "text",
    [
        "E0001 我临时要出差 交给赵老师吧",  # a case named: the 退回 hint
        "我出差了 交给别人吧",  # no stretch of time: the 退回 hint as before
        "我在外地 不方便",
        "3号楼电梯坏了",
    ],
)
def test_not_an_absence_notice(text: str) -> None:
    assert not says_away(text)
