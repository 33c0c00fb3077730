"""convofix7's rules, one test each (the replay scenarios in tests/scenarios/convo7_*.jsonl show
them in a conversation)."""

from __future__ import annotations

import pytest

from bot.chat.phrasing import rewrite


@pytest.mark.parametrize(
    ("text", "command"),
    [
        # F3: the code before the command word, with 已, punctuation, emoji and thanks around it
        ("水电费都交好了 H0001办结", "办结 H0001 水电费都交好了"),
        ("H0002 已办结了", "办结 H0002"),
        ("H0001 已办结了，谢谢", "办结 H0001"),
        ("已经交完了 H0001 办结 谢谢", "办结 H0001 已经交完了"),
        ("水电费交好了 H0001", "办结 H0001 水电费交好了"),
        ("电梯修好了 E0001已办结了👍", "办结 E0001 电梯修好了"),
        ("E0001已办结 水管换好了", "办结 E0001 水管换好了"),
        ("E0001 已经办结", "办结 E0001"),
        ("E0001 已办结 换了新灯", "办结 E0001 换了新灯"),
        # A question about it is its status, not a close.
        ("H0001 办结了吗", "进度 H0001"),
        ("请问H0001办结了吗", "进度 H0001"),
    ],
)
def test_a_code_before_or_after_its_command_word(text: str, command: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and found.text == command


@pytest.mark.parametrize("text", ["还没办结 H0001", "H0001 还没办结", "", "👍👍", "H0001呢"])
def test_not_yet_and_empty_are_no_close(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is None or not found.text.startswith(("办结", "地址")), found


def test_a_huge_text_is_no_command() -> None:
    assert rewrite("H0001办结" + "啊" * 5000, private=True) is None
