"""Questions that mean a code-less command (issue 11, "commands as people type them")."""

from __future__ import annotations

import pytest

from bot.chat.asking import question_command
from bot.chat.router import CommandTable
from bot.handlers import build_router


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("我的积分是多少", "我的积分"),
        ("我有多少积分？", "我的积分"),
        ("查一下我的积分", "我的积分"),
        ("请问我还剩多少积分呢", "我的积分"),
        ("积分能换什么", "积分超市"),
        ("积分超市里有什么", "积分超市"),
        ("最近有什么活动吗", "活动"),
        ("这周有啥活动", "活动"),
        ("活动有哪些？", "活动"),
        ("我报了哪些活动", "我的报名"),
        ("我报名的活动", "我的报名"),
        ("我反映的问题怎么样了", "我的诉求"),
        ("我报的事处理得怎么样了", "我的诉求"),
        ("有哪些心愿", "心愿墙"),
        ("能代办哪些事", "帮办清单"),
        ("我的帮办怎么样了", "我的帮办"),
        ("我申请的代办到哪一步了", "我的帮办"),
        ("怎么用啊", "帮助"),
        ("你能干什么", "帮助"),
        ("机器人是干嘛的", "帮助"),
        ("怎么反映问题？", "怎么报修"),  # the one answer asked for (convo2 C62)
    ],
)
def test_questions_reach_their_command(text: str, command: str) -> None:
    assert question_command(text) == command
    match = CommandTable(build_router().commands).match(command)
    assert match is not None and match.args is not None  # the command exists as asked


@pytest.mark.parametrize(
    "text",
    [
        "积分制度不公平",
        "活动室的灯坏了",
        "昨天的活动真热闹",
        "我反映的问题一直没人管，电梯都坏了三天了还没修",
        "你能不能别在楼道里抽烟",
        "心愿达成了，谢谢大家",
        "今天天气真好",
        "怎么又停水了",
        "",
        "？？？",
    ],
)
def test_speech_is_not_a_question_for_a_command(text: str) -> None:
    assert question_command(text) is None
