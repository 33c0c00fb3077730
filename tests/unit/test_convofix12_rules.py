"""convofix12: everyday words answering the bot's own questions, a 帮办 request's own door, and
a "+1" followed by the neighbour's own story (each rule with variants people type)."""

from __future__ import annotations

import pytest

from bot.chat.followup import says_same_here_at_length
from bot.chat.phrasing import UNCLEAR, fixed_and_thanked, rating_level, rewrite
from bot.chat.phrasing.answers import consent
from bot.handlers.helpdesk import home_named
from intents.locations import parse_location


@pytest.mark.parametrize(
    "text",
    [
        "亮了亮了好得很谢谢吴师傅",
        "好得很",
        "通了通了 好得很 谢谢师傅",
        "棒极了 谢谢小孙",
        "修得好极了",
        "太棒了！辛苦了",
    ],
)
def test_praise_with_the_degree_after_is_satisfied(text: str) -> None:
    assert rating_level(text) == "满意"


@pytest.mark.parametrize(
    "text", ["亮了亮了好得很 但是楼下的还是不亮", "好得很 就是又闪了", "不是好得很"]
)
def test_praise_with_a_fault_or_negation_is_not_plain_satisfied(text: str) -> None:
    assert rating_level(text) in (UNCLEAR, None, "不满意")


@pytest.mark.parametrize(
    "text",
    [
        "亮了亮了谢谢吴师傅",
        "不漏了 谢谢王师傅",
        "暖和了！太感谢了",
        "通了 辛苦了",
        "终于修好了 谢谢大家",
        "好了好了谢谢",
    ],
)
def test_the_fault_gone_and_thanks(text: str) -> None:
    assert fixed_and_thanked(text)


@pytest.mark.parametrize(
    "text",
    [
        "谢谢小孙",
        "修好了吗 谢谢",
        "亮了 但是还是闪 谢谢",
        "修好了 谢谢 就是有点慢",
        "亮了",
        "谢谢 好了没",
    ],
)
def test_thanks_alone_a_question_or_a_caveat_is_not_fixed_and_thanked(text: str) -> None:
    assert not fixed_and_thanked(text)


def test_fixed_and_thanks_is_no_rating_rewrite_for_everyone() -> None:
    # From a member the same words report the work done; only the one rating hears it as 满意.
    found = rewrite("修好了 谢谢大家")
    assert found is None or not found.text.startswith("评价")


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("可以 让大家看见吧", "公开"),
        ("让大家知道吧", "公开"),
        ("发到群里吧", "公开"),
        ("可以 发群里", "公开"),
        ("让邻居们看看也行", "公开"),
        ("别让大家看见", "不公开"),
        ("不要发到群里", "不公开"),
        ("可以 公开吧 没事", "公开"),
    ],
)
def test_consent_in_plain_words(text: str, answer: str) -> None:
    found = consent(text, private=True)
    assert found is not None and found.text == answer


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("小郑教会我了 跟孙女视频上了 心愿实现了W0001 谢谢党员同志", "已实现 W0001"),
        ("心愿终于实现啦 W0002 太感谢了", "已实现 W0002"),
        ("愿望实现了：W0003 小郑真好", "已实现 W0003"),
    ],
)
def test_fulfilled_said_before_the_code(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text == command


@pytest.mark.parametrize("text", ["我的心愿实现了吗W0001", "还没实现了W0001吗"])
def test_asking_whether_it_came_true_is_no_confirmation(text: str) -> None:
    found = rewrite(text)
    assert found is None or not found.text.startswith("已实现")


@pytest.mark.parametrize(
    ("text", "door"),
    [
        ("代办 帮我交一下这个月电费 我不会弄手机 三号楼一单元一零一", "3号楼1单元101"),
        ("代办 交燃气费 3号楼2单元502 明天上午", "3号楼2单元502"),
        ("帮我买药 5栋301", "5号楼301"),
        ("代办 交电费 3-1-102", "3号楼1单元102"),
    ],
)
def test_the_door_a_request_names(text: str, door: str) -> None:
    assert home_named(text, parse_location(text)) == door


@pytest.mark.parametrize("text", ["代办 交电费", "代办 交电费 我住3号楼", "代办 交电费 3号楼2单元"])
def test_no_door_no_address(text: str) -> None:
    assert home_named(text, parse_location(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "+1 我家娃昨天下午也被那块板刮了一下😤 滑梯得修了",
        "同上 我们家孩子上周也在那儿摔了一跤",
        "附议 这个问题拖了好久了 物业赶紧管管",
        "＋1 我们单元也一直这样",
    ],
)
def test_plus_one_with_a_story(text: str) -> None:
    assert says_same_here_at_length(text)


@pytest.mark.parametrize(
    "text", ["+1 我家没事", "+1 是不是明天就修好了吗", "我家也是 水龙头开最大就一点点", "+10 支持"]
)
def test_not_a_plus_one_with_a_story(text: str) -> None:
    assert not says_same_here_at_length(text)
