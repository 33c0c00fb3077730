"""convofix13c: the rules behind five convo13b staff-side fixes, each with the variants people
type and the words that must stay outside it."""

from __future__ import annotations

import pytest

from bot.chat import review_bulk
from bot.chat.asking import question_command
from bot.chat.phrasing.claims import claim
from bot.chat.phrasing.handling import hand_back_without_code

# ---- #7 a second claim of a 微心愿 in a member's words ------------------------------------


@pytest.mark.parametrize(
    "text",
    ["W0001 我下午去", "W0001我去帮她换", "W0001 我明天过去", "我来 W0001", "W0001 我等会儿去"],
)
def test_wish_claim_with_when_or_whom_is_a_claim(text: str) -> None:
    found = claim(text, quoted=False)
    assert found is not None and found.text.startswith("认领 W0001")


@pytest.mark.parametrize(
    "text", ["W0001 我下午去不了", "W0001 W0002 我下午去", "W0001 我下午去菜市场买点菜顺便逛逛"]
)
def test_wish_words_that_are_no_single_claim(text: str) -> None:
    found = claim(text, quoted=False)
    assert found is None or not found.text.startswith("认领 W0001")


# ---- #4 a member giving back the one case he holds ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "这个我跟不了了 单位临时让我出差",
        "我去不了了",
        "这个我弄不了",
        "我可能跟不了了",
        "这单我顾不上了 家里有事",
        "我实在走不开",
        "这个我跟进不了了",
    ],
)
def test_cannot_follow_up_gives_the_case_back(text: str) -> None:
    found = hand_back_without_code(text)
    assert found is not None and found.text.startswith("退回")
    assert found.needs == "sole_case"


@pytest.mark.parametrize(
    "text",
    ["今天跟不了了 明天去", "我跟不了你们聊", "孩子跟不了", "跟不了了吗？", "E0001 我跟不了了", ""],
)
def test_not_a_hand_back(text: str) -> None:
    found = hand_back_without_code(text)
    assert found is None or not found.text.startswith("退回")


# ---- #2 the 【待确认】 list answered by position in words -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第二条是真的 转一下", [([2], True)]),
        ("第一条也是 要管", [([1], True)]),
        ("第3条不是", [([3], False)]),
        ("二是 三不是", [([2], True), ([3], False)]),
        ("第一条和第三条都是", [([1, 3], True)]),
        ("第十二条是", [([12], True)]),
        ("第二个不是 不用管", [([2], False)]),
        ("1是 2不是", [([1], True), ([2], False)]),
        ("都不是", [(None, False)]),
    ],
)
def test_positions_in_words(text: str, expected: list[tuple[list[int] | None, bool]]) -> None:
    assert review_bulk.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "第二条我再看看",
        "二手房是的",
        "这是第一条",
        "三个都是",
        "两个都不是",
        "一是一二是二",
        "第二条",
    ],
)
def test_words_that_are_no_positional_answer(text: str) -> None:
    assert review_bulk.parse(text) is None


def test_position_in_words_maps_to_the_listed_item() -> None:
    answers = review_bulk.parse("第二条是真的 转一下")
    assert answers is not None
    assert review_bulk.commands(answers, [7, 8, 9]) == ["是 Q0008"]
    assert review_bulk.commands(answers, [1]) == []  # no second item waits: explained


# ---- #5 a member asking what he holds ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "我手上有几个单子",
        "我的任务",
        "我接了哪些",
        "我手上的单子",
        "我接的单子有哪些",
        "我手上有哪些诉求",
    ],
)
def test_what_do_i_hold_is_my_tasks(text: str) -> None:
    assert question_command(text) == "我的任务"


@pytest.mark.parametrize("text", ["我有几个诉求", "我接了个电话", "我有多少积分", "单子丢了"])
def test_other_questions_are_not_my_tasks(text: str) -> None:
    assert question_command(text) != "我的任务"


# ---- #8 我的积分 for a party member ------------------------------------------------------


@pytest.mark.parametrize("text", ["我有多少积分", "我的积分是多少", "查一下我的积分"])
def test_points_question_is_my_points(text: str) -> None:
    assert question_command(text) == "我的积分"


@pytest.mark.parametrize("text", ["收到 我下午去看看", "我明天过去", "我下午去"])
def test_when_he_will_go_without_a_code_is_no_claim(text: str) -> None:
    found = claim(text, quoted=False)
    assert found is None
