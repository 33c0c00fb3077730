"""convofix14c: the rules behind three convo14 failures where a resident asks about something
in words (points, a 议题, a vote), each with other phrasings and the words that stay outside."""

from __future__ import annotations

import pytest

from bot.chat.asking import question_command

# ---- points_shop: what the points are good for is the 积分超市 ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "这些积分能换点啥东西不",
        "积分怎么用",
        "攒的积分有啥用啊",
        "我的积分能干嘛",
        "积分可以换东西吗",
        "那积分怎么花",
        "这些分能换啥",
        "积分拿来干啥的",
    ],
)
def test_asking_what_points_buy_is_the_shop(text: str) -> None:
    assert question_command(text) == "积分超市"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("我有多少积分", "我的积分"),
        ("积分怎么加", "积分规则"),
        ("积分怎么查", "我的积分"),
        ("积分制度不公平", None),
        ("积分用完了", None),
        ("积分不够用", None),
    ],
)
def test_other_words_about_points_keep_their_meaning(text: str, command: str | None) -> None:
    assert question_command(text) == command
