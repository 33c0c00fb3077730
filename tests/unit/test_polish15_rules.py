"""polish15: small things real users hit, each a rule with its variants and near-misses.

1. A case's category corrected under its code ("E0001 类别不对 是电梯的问题", "E0001不是公共设施
   是电梯") is 改类别 for anyone (the handler lets the reporter and staff, tells a neighbour);
   the category meant is never the one the words deny.
"""

from __future__ import annotations

import pytest

from bot.chat import category_words, phrasing


def rewrite(text: str) -> tuple[str, str | None] | None:
    found = phrasing.rewrite(text)
    return (found.text, found.needs) if found is not None else None


# ---- 1. the category corrected under the case's code ----------------------------------------


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("E0001 类别不对 是电梯的问题", "elevator"),
        ("E0001 分错类了 应该是电梯", "elevator"),
        ("E0001不是公共设施 是电梯", "elevator"),
        ("e0002 不是电梯 是门禁", "facilities"),
        ("E0003 归错类了 是垃圾的事", "sanitation"),
        ("E0001，不属于物业服务类，是停车的事", "parking"),
        ("E0004 分类错了 应该是水电气暖", "utilities"),
    ],
)
def test_a_category_correction_under_a_code_is_recategorize(said: str, meant: str) -> None:
    found = rewrite(said)
    assert found is not None and found[0].startswith("改类别 E000"), found
    rest = found[0].split(maxsplit=2)[2]
    assert category_words.named_category(rest) == meant


@pytest.mark.parametrize(
    "said",
    [
        "E0001 不是302 是402",  # the room, not the category
        "E0001 不是今天 是昨天",
        "E0001 是电梯的问题",  # no word that the category is wrong: a 补充
        "E0002 不是我家 是楼上",
        "类别不对 是电梯的问题",  # no code: the code-less rule after a report decides
    ],
)
def test_near_misses_are_no_recategorize(said: str) -> None:
    found = rewrite(said)
    assert found is None or not found[0].startswith("改类别"), found


def test_the_denied_category_is_never_the_one_meant() -> None:
    assert category_words.named_category("不是公共设施 是电梯") == "elevator"
    assert category_words.named_category("是电梯 不是公共设施") == "elevator"
    assert category_words.denied_category("不是公共设施 是电梯") == "facilities"
    assert category_words.denied_category("不是302 是402") is None
    assert category_words.named_category("不是电梯") is None
    assert category_words.corrects_category("不是今天 是昨天") is False
    assert category_words.corrects_category("分错类了") is True
