"""Questions about the bot itself are help requests in any phrasing (convo3 D18), and a
how-to question gets its one line; everyday speech with the same words stays speech."""

from __future__ import annotations

import pytest

from bot.chat.asking import question_command


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("这个机器人能干啥啊", "帮助"),
        ("这个机器人能干啥", "帮助"),
        ("小助手在吗", "帮助"),
        ("帮助一下", "帮助"),
        ("我不会用", "帮助"),
        ("小助手 我不会用 教教我怎么报修", "怎么报修"),
        ("怎么查我报的事", "怎么查进度"),
        ("怎么查进度", "怎么查进度"),
        ("进度在哪看", "怎么查进度"),
        ("机器人 积分怎么查", "我的积分"),
        ("积分怎么查", "我的积分"),
        ("请问在群里怎么报名活动啊", "用法 报名"),
        ("怎么报名", "用法 报名"),
    ],
)
def test_questions_about_the_bot(text: str, command: str) -> None:
    assert question_command(text) == command


@pytest.mark.parametrize(
    "text",
    [
        "在吗",
        "这个怎么样",
        "这个我不会",
        "我不会用手机交电费",
        "教教我怎么做红烧肉",
        "这个机器人真好",
        "积分制度不公平",
        "活动室的灯坏了",
    ],
)
def test_speech_with_the_same_words_is_no_question(text: str) -> None:
    assert question_command(text) is None
