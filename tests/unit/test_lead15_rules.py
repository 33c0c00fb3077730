"""Questions about one's own suggestions, in words (round fifteen lead)."""

from __future__ import annotations

import pytest

from bot.chat.asking import question_command


@pytest.mark.parametrize(
    "text",
    [
        "我的说事",
        "我的建议",
        "我提的建议怎么样了",
        "我那个建议有回音了吗",
        "查一下我提的建议",
        "我说的建议有人看了吗？",
    ],
)
def test_asking_about_ones_suggestions(text: str) -> None:
    assert question_command(text) == "我的说事"


@pytest.mark.parametrize(
    "text", ["建议", "建议呢", "我的建议是装个充电桩", "大家有什么建议", "建议怎么提"]
)
def test_not_a_question_about_ones_suggestions(text: str) -> None:
    assert question_command(text) != "我的说事"
