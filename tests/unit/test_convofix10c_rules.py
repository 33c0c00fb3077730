"""convofix10c: the rules behind the convo10 failures, with near misses that must not change."""

from __future__ import annotations

import pytest

from bot.chat import yesno
from bot.chat.asking import question_command
from bot.chat.phrasing import subject_ratings
from bot.chat.phrasing.answers import notice_answer, notice_answer_words, review_answer
from bot.domain.safety import dangers_named


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("门那个满意 减速带那个一般", [("门", "满意"), ("减速带", "基本满意")]),
        ("门的满意，减速带一般", [("门", "满意"), ("减速带", "基本满意")]),
        ("单元门满意 减速带不满意", [("单元门", "满意"), ("减速带", "不满意")]),
    ],
)
def test_ratings_by_thing(text: str, named: list[tuple[str, str]]) -> None:
    assert subject_ratings(text) == named


@pytest.mark.parametrize(
    "text", ["满意", "非常满意", "都满意", "还行吧", "挺满意的，辛苦了", "不满意，还是漏", "太差了"]
)
def test_plain_ratings_name_no_thing(text: str) -> None:
    assert subject_ratings(text) is None


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("算了 取消 时间还没定", "取消"),
        ("算了 取消", "取消"),
        ("取消吧 下周再说", "取消"),
        ("好的确认 辛苦了", "确认"),
        ("确认！发吧", "确认"),
        ("确认 但是时间改一下", None),  # a yes held back
        ("好的 先别发", None),
        ("时间还没定", None),
        ("取消 但是下周还要发", None),
    ],
)
def test_preview_answers_with_trailing_words(text: str, command: str | None) -> None:
    found = notice_answer(text, private=True) or notice_answer_words(text, private=True)
    assert (found.text if found else None) == command
    assert notice_answer_words(text, private=False) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("是的 谢谢", "yes"),
        ("是的 麻烦了", "yes"),
        ("好的 辛苦你们了 真的太谢谢了", "yes"),
        ("不用了 我自己来", "no"),
        ("对 我要投反对", None),  # the words turn the yes round
        ("好的 但是我想改一下", None),
        ("是的 不对", None),
        ("今天天气不错", None),
        ("是的 我家楼下的路灯也坏了好几天了", None),  # more than a few words
    ],
)
def test_yes_or_no_with_a_few_words(text: str, said: str | None) -> None:
    assert yesno.verdict(text) == said


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("请问这个群怎么报修啊", "怎么报修"),
        ("请问家里东西坏了在群里怎么报修啊？", "怎么报修"),
        ("群里有人知道怎么报修吗", "怎么报修"),
        ("在群里怎么报修", "怎么报修"),
        ("怎么报修", "怎么报修"),
        ("请问这个群怎么投票啊", "用法 投票"),
        ("我家水管坏了怎么报修", None),  # names its problem: the engine's
        ("物业怎么报修都不来", None),
        ("这个群怎么这么吵", None),
        ("家里东西坏了", None),
        ("上次报修的师傅人挺好的", None),
        ("有人知道电梯什么时候修好吗", None),
    ],
)
def test_how_to_report_questions(text: str, command: str | None) -> None:
    assert question_command(text) == command


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("我有多少分", "我的积分"),
        ("我现在有多少分了", "我的积分"),
        ("积分超市能换什么", "积分超市"),
        ("积分超市可以兑换哪些东西", "积分超市"),
        ("我儿子考了多少分", None),
        ("他有多少分", None),
        ("我是几分", None),
        ("积分超市太坑了", None),
    ],
)
def test_points_questions(text: str, command: str | None) -> None:
    assert question_command(text) == command


@pytest.mark.parametrize(
    ("text", "falling"),
    [
        ("刚才有人从楼上扔了个酒瓶下来 碎了一地 差点砸到我家孩子", True),
        ("有人从楼上扔了个酒瓶下来 差点砸到孩子", True),
        ("楼上有人往外抛东西", True),
        ("楼上又扔垃圾了", True),
        ("楼上邻居丢了一只猫", False),  # 丢 is also "to lose"
        ("快递丢了", False),
        ("楼上装修太吵", False),
    ],
)
def test_thrown_from_above(text: str, falling: bool) -> None:
    assert ("falling" in dangers_named(text)) is falling


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("Q0003 不是 就是闲聊", "不是 Q0003"),
        ("是的 Q0004 麻烦安排一下", "是 Q0004"),
        ("Q0005 是诉求 谢谢", "是 Q0005"),
        ("Q0003 不是", "不是 Q0003"),
        ("Q0003 了 今天", None),  # particles alone say nothing
        ("Q0003 是的 但是先别管", None),
        ("Q0003 怎么回事", None),
    ],
)
def test_review_answers_with_a_few_words(text: str, command: str | None) -> None:
    found = review_answer(text)
    assert (found.text if found else None) == command
