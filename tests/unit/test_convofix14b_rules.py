"""convofix14b: the rules behind round fourteen's failing conversations (flow side)."""

from __future__ import annotations

import pytest

from bot.chat.asking import question_command


@pytest.mark.parametrize(
    "text",
    [
        "小助手你好 这个咋用啊 我不会",
        "机器人怎么用 谁教教我",
        "这机器人都能干啥",
        "我不太会用这个小助手 有人教我吗",
        "小助手咋用 谁来教一下我",
        "你好机器人 这个怎么使用 我不会弄",
    ],
)
def test_asking_how_to_use_the_bot_with_a_plea_is_help(text: str) -> None:
    # A plea ("我不会", "教教我") or "这机器人" around the question does not lose the help.
    assert question_command(text) == "帮助"


@pytest.mark.parametrize(
    "text", ["这个我不会", "谁教教我", "教教我怎么做红烧肉", "我不会用手机交电费 谁教教我"]
)
def test_a_plea_about_something_else_is_no_help_request(text: str) -> None:
    assert question_command(text) is None
