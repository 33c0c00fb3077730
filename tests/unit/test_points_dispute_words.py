"""Which words protest one's own points (bot/chat/notcase/points.py): the ambiguous ones
("记错了", "比她少") only beside 积分, 公示 or a number of 分."""

from __future__ import annotations

import pytest

from bot.chat.notcase.points import disputes


@pytest.mark.parametrize(
    "text",
    [
        "积分公示我看了 我怎么比张阿姨少 是不是记错了",
        "凭什么扣我分",
        "我的积分怎么少了",
        "上周搬桌子的积分没给我记上",
        "公示里我的分比老王低 漏记了吧",
        "我积分比她少 不公平",
        "积分算错了吧",
    ],
)
def test_a_protest_about_own_points(text: str) -> None:
    assert disputes(text)


@pytest.mark.parametrize(
    "text",
    [
        "是不是记错了 电梯明明是昨天坏的",
        "我家比她家少一个房间",
        "加错了 是王奶奶不是王阿姨",  # staff words about someone else's row carry no 分
        "水费算错了",
        "我的积分",
    ],
)
def test_other_words_are_not(text: str) -> None:
    assert not disputes(text)
