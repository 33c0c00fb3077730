"""A suggestion moved to a topic in words (bot/chat/phrasing/suggestions.py)."""

from __future__ import annotations

import pytest

from bot.chat.phrasing.suggestions import promote


@pytest.mark.parametrize(
    "text",
    [
        "S0001 这个建议挺好 转成议题吧",
        "把s0001转为议题",
        "S1 立为议题",
        "这个S0001可以拿到议事会上说说",
        "S0001转议题",
    ],
)
def test_the_code_and_the_topic_words(text: str) -> None:
    found = promote(text)
    assert found is not None and found.text == "转为议题 S0001" and found.needs == "secretary"


@pytest.mark.parametrize(
    "text",
    [
        "S0001 这个建议挺好",  # no topic words
        "这个建议转成议题吧",  # no code
        "S0001 和 S0002 都转成议题",  # which one?
        "WS0001 转成议题",
    ],
)
def test_otherwise_speech(text: str) -> None:
    assert promote(text) is None
