"""'加错了 是王奶奶不是王阿姨' (convofix14e, convo14b 07b): which words say a just-given award
went to the wrong person, and whom they name instead."""

from __future__ import annotations

import pytest

from bot.chat.points_mistake import right_name, says_wrong


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("哎呀加错了 是王奶奶不是王阿姨", "王奶奶"),
        ("加错人了 应该是王奶奶", "王奶奶"),
        ("不好意思 记错人了，不是王阿姨 是王奶奶", "王奶奶"),
        ("扣错了", None),
        ("刚才那个分加错了 应该给赵大爷", "赵大爷"),
        ("弄错人了", None),
    ],
)
def test_a_wrong_award_in_words(text: str, right: str | None) -> None:
    assert says_wrong(text)
    assert right_name(text) == right


@pytest.mark.parametrize(
    "text",
    ["加油", "王奶奶辛苦了", "错了错了 电梯是3号楼的", "加分规则是什么", "我记错了 电梯是4号楼的"],
)
def test_other_words_are_not_a_wrong_award(text: str) -> None:
    assert not says_wrong(text)
