"""Bare questions about the repair and words pointing back at a report (convofix6 R1, R4)."""

from __future__ import annotations

import pytest

from bot.chat.followup import (
    about_the_repair,
    asks_repair,
    asks_status,
    points_back,
    says_impatient,
)


@pytest.mark.parametrize(
    "text", ["修了没", "修好了吗？", "什么时候", "啥时候啊", "好了没有", "来人了吗"]
)
def test_bare_repair_questions(text: str) -> None:
    assert asks_repair(text)


@pytest.mark.parametrize("text", ["", "😂", "进度呢", "吃了吗", "什么时候开会", "修" * 500])
def test_not_bare_repair_questions(text: str) -> None:
    assert not asks_repair(text)


@pytest.mark.parametrize(
    "text", ["什么时候来修", "啥时候能修好啊", "什么时候来水", "到底什么时候来人"]
)
def test_a_status_question_naming_only_the_repair(text: str) -> None:
    asked = asks_status(text)
    assert asked is not None and not asked[0]
    assert about_the_repair(asked[1])


@pytest.mark.parametrize("text", ["什么时候开业主大会", "路灯什么时候修", "今天天气怎么样"])
def test_a_status_question_naming_a_thing(text: str) -> None:
    asked = asks_status(text)
    assert asked is not None and not about_the_repair(asked[1])


@pytest.mark.parametrize(
    "text",
    ["水又停了，就是刚才说的那个", "还是上午说的那个问题", "就是这个", "就是我昨天反映的那个"],
)
def test_words_pointing_back(text: str) -> None:
    assert points_back(text)


@pytest.mark.parametrize("text", ["", "👍", "刚才有人敲门", "这个周末有活动吗", "说" * 200])
def test_words_not_pointing_back(text: str) -> None:
    assert not points_back(text)


@pytest.mark.parametrize("text", ["灯到现在都没人修", "一直没有人处理"])
def test_nobody_repaired_is_impatience(text: str) -> None:
    assert says_impatient(text)


@pytest.mark.parametrize(
    "text", ["现在什么情况了", "有结果了吗", "啥情况", "怎么样了", "到底修不修"]
)
def test_everyday_progress_questions(text: str) -> None:
    assert asks_repair(text)


def test_my_thing_is_mine() -> None:
    assert asks_status("我那个事怎么样了") == (True, "")
