"""convofix8: the rules behind the blind tester's conversation findings, one table each,
with near misses that must stay as they are."""

from __future__ import annotations

import pytest

from bot.chat.followup import says_all_clear, says_news, says_same_here
from bot.domain.problems import problems
from intents import classify


@pytest.mark.parametrize(
    ("text", "same"),
    [
        ("我家也是", True),
        ("+1", True),
        ("我们这层也有", True),
        ("我们五楼也冒水了", True),
        ("楼上也是", True),
        ("我家也停了", True),
        ("我这边也闻到了", True),
        ("我们单元也一样", True),
        ("楼下也在漏", True),
        ("我家也没事", False),  # the opposite
        ("我们楼也有吗", False),  # a question
        ("我也想去", False),  # not about a place of hers
        ("我也觉得", False),
        ("我家也想装", False),
        ("3号楼也停水了", False),  # another building by number is a report of its own
        ("也是醉了", False),
    ],
)
def test_me_too_from_a_neighbour(text: str, same: bool) -> None:
    assert says_same_here(text) is same


@pytest.mark.parametrize(
    ("text", "news"),
    [
        ("通开了 现在好了", True),
        ("师傅已经疏通了 大家放心", True),
        ("维修工到了 正在弄", True),
        ("已经联系电梯公司了", True),
        ("修好了吗", False),  # a question
        ("还是不通", False),  # the fault is still there
        ("今天好冷", False),
        ("我到了", False),
    ],
)
def test_a_handlers_news(text: str, news: bool) -> None:
    assert says_news(text) is news


@pytest.mark.parametrize(
    ("text", "clear"),
    [
        ("出来了 人没事", True),
        ("是302家炒辣椒呛的", True),
        ("原来是楼下烧纸", True),
        ("人都没事 大家放心", True),
        ("好像不是着火 是谁家烧糊了", True),
        ("原来是小孩按着玩的 人没事", True),
        ("人还没出来", False),
        ("是302着火了", False),  # the cause is the danger
        ("是不是着火了", False),  # a question
        ("没事", False),  # too little to stand an alarm down on
    ],
)
def test_all_clear_after_an_alarm(text: str, clear: bool) -> None:
    assert says_all_clear(text) is clear


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("1.门禁刷不开 2.楼道灯不亮", 2),  # one category, two things
        ("1、单元门关不上 2、楼道灯不亮 3、信报箱坏了", 3),
        ("1.电梯有异响 2.电梯按钮坏了", None),  # one thing: one case
        ("1.楼道灯不亮 2.楼道灯一闪一闪的", None),
    ],
)
def test_numbered_items_naming_different_things(text: str, count: int | None) -> None:
    found = problems(text, classify)
    assert (len(found) if found is not None else None) == count
