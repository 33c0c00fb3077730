"""polish15: small things real users hit, each a rule with its variants and near-misses.

1. A case's category corrected under its code ("E0001 类别不对 是电梯的问题", "E0001不是公共设施
   是电梯") is 改类别 for anyone (the handler lets the reporter and staff, tells a neighbour);
   the category meant is never the one the words deny.
2. The title the 书记 gives a topic is kept: 「转为议题 S0001 电动车充电桩」,
   "S0001 转成议题 标题叫…".
3. A 微心愿's summary (what the members read) has no "@邻里小助手 我要报修" in front.
4. A burst pipe's advice says whose valve: her own for her own pipe, 物业 or the flat above for
   theirs, both when the words do not say. (Its category is the intent engine's: left alone.)
"""

from __future__ import annotations

import pytest

from bot.chat import category_words, phrasing
from bot.chat.phrasing.suggestions import topic_title
from bot.domain.safety import (
    DEFAULT_DANGERS,
    OTHERS_PIPE_ADVICE,
    OWN_PIPE_ADVICE,
    SOME_PIPE_ADVICE,
    Danger,
    safety_advice,
)
from bot.services.wishes import summary_words


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


# ---- 2. the topic's title as the 书记 gives it -----------------------------------------------


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("「转为议题 S0001 电动车充电桩」", "转为议题 S0001 电动车充电桩"),
        ("“转为议题 S0001 电动车充电桩”", "转为议题 S0001 电动车充电桩"),
        ("S0001 转成议题 标题叫电动车充电桩", "转为议题 S0001 电动车充电桩"),
        ("S0002 转为议题吧 题目就叫楼下装休息椅", "转为议题 S0002 楼下装休息椅"),
        ("把S0003转为议题 标题：加装电梯", "转为议题 S0003 加装电梯"),
        ("S0004 标题叫充电桩 转成议题吧", "转为议题 S0004 充电桩"),
        ("s0005 转议题 就叫垃圾分类吧", "转为议题 S0005 垃圾分类"),
    ],
)
def test_the_title_she_gives_is_kept(said: str, command: str) -> None:
    assert rewrite(said) == (command, "secretary")


@pytest.mark.parametrize(
    ("said", "command"),
    [
        # No title given: the topic is named after the suggestion, as before.
        ("S0001 这个建议挺好 转成议题吧", "转为议题 S0001"),
        ("把S0002转为议题", "转为议题 S0002"),
        ("S0003 这个问题目前很多人提 转成议题吧", "转为议题 S0003"),
        ("S0004 转成议题 标题叫", "转为议题 S0004"),
    ],
)
def test_words_around_the_code_are_no_title(said: str, command: str) -> None:
    assert rewrite(said) == (command, "secretary")


def test_the_command_drops_the_word_that_marks_the_title() -> None:
    assert topic_title("标题：电动车充电桩") == "电动车充电桩"
    assert topic_title("议题名称是 楼下装休息椅") == "楼下装休息椅"
    assert topic_title("电动车充电桩") == "电动车充电桩"
    assert topic_title("") == ""


# ---- 3. the wish as the members read it --------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("@邻里小助手 我要报修 我家厨房水龙头关不严", "我家厨房水龙头关不严"),
        ("@邻里小助手\u2005我想许个心愿：想请人帮忙换个灯泡", "想请人帮忙换个灯泡"),
        ("我想许个心愿，麻烦谁能帮我搬下花盆", "谁能帮我搬下花盆"),
        ("您好 麻烦您 帮我修下收音机 我眼睛不好", "帮我修下收音机 我眼睛不好"),
        ("@邻里小助手 @孙志明 许个愿 想学用智能手机", "想学用智能手机"),
        ("我有个小心愿 想请人陪我去趟医院", "想请人陪我去趟医院"),
    ],
)
def test_asking_words_are_off_the_summary(said: str, shown: str) -> None:
    assert summary_words(said) == shown


@pytest.mark.parametrize(
    "said",
    [
        "想请人帮忙把冬天的被子晒一晒",  # nothing to take off
        "麻将桌腿坏了 想请人帮忙修一下",  # 麻将 is no 麻烦
        "我要请人帮我换个灯泡",  # 我要 alone asks nothing
        "请人帮我把米扛上楼",  # 请人 is the wish itself
        "@邻里小助手 我要报修",  # nothing left but the asking: the words as written
    ],
)
def test_the_wish_itself_is_kept(said: str) -> None:
    assert summary_words(said) == said


# ---- 4. a burst pipe: whose valve -------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "advice"),
    [
        ("我家厨房水管爆了 满地都是水", OWN_PIPE_ADVICE),
        ("卫生间水管爆管了 快来人", OWN_PIPE_ADVICE),
        ("救命 楼上水管爆了 水从天花板往下灌", OTHERS_PIPE_ADVICE),
        ("楼上水管爆了 水顺着天花板往下流 都流进我家客厅了", OTHERS_PIPE_ADVICE),
        ("2号楼1单元楼道里的水管爆管了 水哗哗往外冒", OTHERS_PIPE_ADVICE),
        ("管道井里水管爆了 楼梯上全是水", OTHERS_PIPE_ADVICE),
        ("水管爆了 快来人", SOME_PIPE_ADVICE),
    ],
)
def test_the_pipe_advice_names_whose_valve(said: str, advice: str) -> None:
    assert safety_advice(said, "utilities", DEFAULT_DANGERS)[0] == advice


def test_other_dangers_and_a_configured_pipe_advice_are_unchanged() -> None:
    fire = safety_advice("楼道里着火了", "fire_safety", DEFAULT_DANGERS)
    assert fire and all("水阀" not in line for line in fire)
    own = Danger("water", ("水管爆",), "请联系物业值班室 12345。")
    assert safety_advice("楼上水管爆了", "utilities", (own,)) == ["请联系物业值班室 12345。"]
    # "打了119了": the call is told back, the pipe advice still says whose valve.
    called = safety_advice("楼上水管爆了 已经打了119了", "utilities", DEFAULT_DANGERS)
    assert called[0].startswith("收到") and "物业" in called[1]
