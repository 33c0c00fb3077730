"""convofix13: the rules behind four blind conversations that failed (convo13_failing): net slang
as a rating, two faults in one message, a sign-up naming the activity by its title, and a
resident asking for another 帮办 helper."""

from __future__ import annotations

import pytest

from bot.chat.phrasing.ratings import UNCLEAR, rating, rating_level

# ---- ratings: net slang praise -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "yyds 终于修好了👍👍",
        "YYDS",
        "绝了",
        "太给力了",
        "师傅真给力 谢谢",
        "牛啊 师傅",
        "666",
        "绝绝子",
        "点赞",
        "好评",
        "杠杠的",
    ],
)
def test_slang_praise_is_satisfied(text: str) -> None:
    assert rating_level(text) == "满意"
    assert rating(text) is not None


@pytest.mark.parametrize("text", ["又坏了 真是绝了", "yyds 但是还是漏", "牛 就是又不亮了"])
def test_slang_beside_the_fault_still_there_is_a_question(text: str) -> None:
    assert rating_level(text) == UNCLEAR


@pytest.mark.parametrize("text", ["别吹牛了", "牛奶没了", "", "   ", "🙃", "x" * 200])
def test_words_that_only_contain_slang_or_nothing_are_no_rating(text: str) -> None:
    assert rating_level(text) is None
