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
