"""Answers to the bot's own questions with words around them (convo3 D10 D41 D44 D23 D11 D12
D48): the rating after a short observation, a reason after a clear rating, the consent said
by yielding, the wish's code next to its verb in either order, a 帮办 code with a question.
Each rule with its variants and the nearby speech that must not trigger it."""

from __future__ import annotations

import pytest

from bot.chat.phrasing import UNCLEAR, rating_level, rewrite


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # A short observation or thanks before the rating word (D10, D23, D41).
        ("亮了 满意", "满意"),
        ("亮了亮了👏👏 满意", "满意"),
        ("看到了 挺好 满意", "满意"),
        ("看到了 装得挺好 小孙辛苦了 给你点个赞👍", "满意"),
        ("已经亮了 很满意", "满意"),
        ("没问题 满意", "满意"),
        ("速度挺快 点赞", "满意"),
        ("灯亮了 谢谢 满意", "满意"),
        ("奶奶说暖和了 谢谢 非常满意👍👍", "满意"),
        ("地砖那个我很满意 谢谢何书记", "满意"),
        ("收到了 小孙这孩子真好 满意", "满意"),
        ("修得不错", "满意"),
        ("弄得不太好", "不满意"),
        # Words that are a rating on their own.
        ("还不错", "满意"),
        ("可以", "满意"),
        ("行 挺好", "满意"),
        ("中规中矩", "基本满意"),
        ("说得过去", "基本满意"),
        # A clear rating word first, then the reason (D44): the reason explains, not contrasts.
        ("差评 根本没人来收 就是敷衍", "不满意"),
        ("不满意 电梯又坏了", "不满意"),
        # Scores on a five-point habit: the middle one is asked about.
        ("5分", "满意"),
        ("3分", UNCLEAR),
        ("1分", "不满意"),
        # Mixed or negated: one question.
        ("没有很满意", UNCLEAR),
        ("还可以吧 但是有一户的锁还是坏的", UNCLEAR),
        # A caveat on the work keeps the level, the words kept as a comment (convo8).
        ("满意 就是有点慢", "满意"),
        ("亮了 满意 但是楼下的还是不亮", UNCLEAR),
    ],
)
def test_a_rating_is_read_with_words_around_it(text: str, level: str) -> None:
    assert rating_level(text) == level


@pytest.mark.parametrize(
    "text",
    [
        "今天天气挺好",
        "孩子真不错",
        "这事还可以",
        "我对物业不满意，电梯又坏了好几天了",
        "2号楼还是漏",
        "满意度调查什么时候",
        "一般来说",
        "电梯又坏了",
        "亮了",
        "看到了",
    ],
)
def test_nearby_speech_is_no_rating(text: str) -> None:
    assert rating_level(text) is None


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("H0001 满意 谢谢小孙", "评价 H0001 满意 谢谢小孙"),
        ("收到了 小孙这孩子真好 满意", "评价 收到了 小孙这孩子真好 满意"),
        ("E0002 亮了 满意", "评价 E0002 亮了 满意"),
    ],
)
def test_a_rating_keeps_the_case_or_helpdesk_code(text: str, command: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None
    assert (found.text, found.needs) == (command, "rating")


@pytest.mark.parametrize(
    "text",
    ["公开就公开吧 没啥不好意思的", "公开呗", "那就公开就公开", "可以 公开吧 没事"],
)
def test_consent_said_by_yielding_is_a_yes(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None
    assert (found.text, found.needs) == ("公开", "consent")


@pytest.mark.parametrize("text", ["别公开了 不好意思", "公开就不必了吧"])
def test_nearby_consent_words_are_no_yes(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is None or found.text != "公开"


@pytest.mark.parametrize(
    "text",
    [
        "小郑刚来帮我搬完了 好孩子 W0001已经实现了 谢谢谢谢🌹🌹",
        "W0001实现了",
        "W0001 已经实现啦",
        "我的W0001心愿实现了 谢谢",
        "已实现W0001 太感谢了",
        "小郑已经来帮我换好了 已实现W0001 太感谢了",
    ],
)
def test_a_wish_code_next_to_its_verb_in_either_order_is_fulfilled(text: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text.startswith("已实现") and "W0001" in found.text


@pytest.mark.parametrize(
    "text", ["W0001还没实现", "W0001实现了吗", "W0001什么时候能实现", "W0001 我来 争取周末实现"]
)
def test_a_wish_not_yet_fulfilled_is_no_fulfilment(text: str) -> None:
    found = rewrite(text)
    assert found is None or not found.text.startswith("已实现")


@pytest.mark.parametrize(
    ("text", "command"),
    [("H0001什么时候有人来", "进度 H0001"), ("h1呢", "进度 h1"), ("H0001 怎么样了", "进度 H0001")],
)
def test_a_helpdesk_code_with_a_question_is_its_status(text: str, command: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and found.text == command


@pytest.mark.parametrize("text", ["H0001 已到营业厅排队了", "H0001 办好了"])
def test_a_volunteers_news_under_a_helpdesk_code_stays_news(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and found.needs == "volunteer"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("H0001 这个我弄不了 要本人刷脸 退回吧", "退回 H0001 这个我弄不了 要本人刷脸"),
        ("H0001 今天去不了 明天去", "进展 H0001 今天去不了 明天去"),
    ],
)
def test_a_helpdesk_hand_back_is_never_news(text: str, command: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and (found.text, found.needs) == (command, "volunteer")


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("我同意 V0001", "投票 V0001 同意"),
        ("V0001 我同意", "投票 V0001 同意"),
        ("我家不同意 V0001", "投票 V0001 不同意"),
    ],
)
def test_a_ballot_in_any_word_order_is_a_ballot(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text == command


@pytest.mark.parametrize(
    "text", ["同意加装 V0001 同意", "大家都去投 V0001 吧", "V0001 同意的人多吗"]
)
def test_talk_about_a_vote_is_no_ballot(text: str) -> None:
    found = rewrite(text)
    assert found is None or not found.text.startswith("投票 V0001 同意")


@pytest.mark.parametrize("text", ["Y0001 划得挺好 满意", "W0001 挺好 满意", "V0001 满意"])
def test_another_features_code_is_no_case_rating(text: str) -> None:
    found = rewrite(text)
    assert found is None or not found.text.startswith("评价")
