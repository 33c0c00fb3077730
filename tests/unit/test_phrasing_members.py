"""Party members' replies without a code (convofix6 R3)."""

from __future__ import annotations

import pytest

from bot.chat import phrasing


@pytest.mark.parametrize(
    "text", ["收到我马上去", "好的 我这就过去", "马上到", "我过去看看", "收到，我立刻去"]
)
def test_going_there_now_is_a_claim_of_the_quoted_case(text: str) -> None:
    found = phrasing.rewrite(text, quoted=True)
    assert found is not None and found.text == "我来" and found.needs == "member"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("退回", "退回"),
        ("退回吧", "退回"),
        ("我去不了，退回", "退回 我去不了"),
        ("我去不了", "退回 我去不了"),
        ("这个我弄不了", "退回 这个我弄不了"),
    ],
)
def test_giving_back_without_a_code(text: str, command: str) -> None:
    found = phrasing.rewrite(text, private=True)
    assert found is not None and found.text == command and found.needs == "sole_case"


@pytest.mark.parametrize(
    "text", ["今天去不了，明天上午去", "去不了吗", "", "🙏🙏", "退回 E0001 没空", "我去" * 300]
)
def test_news_questions_and_noise_give_nothing_back(text: str) -> None:
    found = phrasing.rewrite(text, private=True)
    assert found is None or found.needs != "sole_case" or not found.text.startswith("退回")


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("今天去不了，明天上午去", "进展 今天去不了 明天上午去"),
        ("今天有事 明天一早过去看", "进展 今天有事 明天一早过去看"),
        ("已经联系师傅了 下午到", "进展 已经联系师傅了 下午到"),
        ("不好意思 今天走不开 明天下午过去看看", "进展 不好意思 今天走不开 明天下午过去看看"),
        ("师傅下午来", "进展 师傅下午来"),
        ("在路上了", "进展 在路上了"),
        ("周六上午上门", "进展 周六上午上门"),
    ],
)
def test_a_handlers_plan_without_a_code_is_news(text: str, command: str) -> None:
    for private in (True, False):
        found = phrasing.rewrite(text, private=private)
        assert found is not None and (found.text, found.needs) == (command, "sole_case")


@pytest.mark.parametrize(
    "text",
    [
        "明天上午去医院",  # his own day
        "明天早上去买菜",
        "明天上午去吗",  # a question
        "今天好冷",
        "今天去不了",  # no plan: not a hand-back either ("今天" is for now)
        "E0001 明天上午去",  # with its code the code rule takes it
        "明天" * 30,
        "🙏",
    ],
)
def test_a_day_without_a_plan_for_the_case_is_not_news(text: str) -> None:
    found = phrasing.rewrite(text, private=True)
    assert found is None or found.needs != "sole_case" or not found.text.startswith("进展")
