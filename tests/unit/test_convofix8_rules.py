"""convofix8: the rules behind the blind tester's conversation findings, one table each,
with near misses that must stay as they are."""

from __future__ import annotations

import pytest

from bot.chat.followup import asks_status, says_all_clear, says_news, says_same_here
from bot.chat.phrasing import UNCLEAR, rating_level
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


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("好多了 谢谢王书记👍", "满意"),
        ("谢谢王书记👍", "满意"),  # thanks and a thumb
        ("现在好多了", "满意"),
        ("还凑合吧 就是来得有点晚", "基本满意"),  # a caveat keeps the level
        ("挺好的 就是慢了点", "满意"),
        ("满意 不过下次早点来", "满意"),
        ("谢谢小孙", None),  # thanks alone are no rating: asked again
        ("还可以吧但是…", UNCLEAR),  # the caveat unsaid
        ("满意，但是还是漏", UNCLEAR),  # the fault is still there
        ("亮了 满意 但是楼下的还是不亮", UNCLEAR),
        ("好评，但是差评给物业", UNCLEAR),
        ("今天好多了人", None),
    ],
)
def test_ratings_with_thanks_or_a_caveat(text: str, level: str | None) -> None:
    assert rating_level(text) == level


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("门禁那个呢", (False, "门禁")),
        ("水管的事呢？", (False, "水管")),
        ("那个呢", (True, "")),
        ("那件事呢", (True, "")),
        ("我们明天去公园还是去超市呢", None),  # talk ending in 呢
        ("今天天气怎么样", (False, "今天天气")),  # a subject no case will name
    ],
)
def test_a_thing_named_then_ne_asks_its_status(text: str, asked: tuple[bool, str] | None) -> None:
    assert asks_status(text) == asked
