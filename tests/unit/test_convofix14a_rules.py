"""Round fourteen (convofix14a): Cantonese impatience on one's own open case is a chase, like
有人管没有 (cantonese_anyone in tests/scenarios/convo14)."""

from __future__ import annotations

import pytest

from bot.chat.followup import says_impatient
from intents.normalize import to_simplified


@pytest.mark.parametrize(
    "said",
    [
        "唔该晒 有冇人理啊",
        "有冇人管㗎",
        "冇人理㗎 等咗成日",
        "點解冇人嚟啊",
        "仲未有人嚟睇",
        "点解仲冇人理",
    ],
)
def test_cantonese_impatience_is_a_chase(said: str) -> None:
    assert says_impatient(to_simplified(said))


@pytest.mark.parametrize("said", ["唔该晒", "冇问题 多谢", "我冇事 唔使担心", "今日冇落雨"])
def test_cantonese_thanks_and_talk_are_not(said: str) -> None:
    assert not says_impatient(to_simplified(said))
