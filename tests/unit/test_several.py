"""Several commands in one message (convo4 rule 9): which trailing clauses are commands."""

from __future__ import annotations

import pytest

from bot.chat.normalize import command_text
from bot.chat.router import CommandTable
from bot.chat.several import further
from bot.handlers import build_router

TABLE = CommandTable(build_router().commands)


def is_command(text: str) -> bool:
    match = TABLE.match(text)
    return match is not None and match.args is not None and not match.tail


def tail_of(text: str) -> str:
    match = TABLE.match(command_text(text))
    assert match is not None and match.args is not None
    return match.tail


@pytest.mark.parametrize(
    ("text", "more"),
    [
        ("取消报名１ 报名2", ["报名2"]),
        ("报名1 我的积分", ["我的积分"]),
        ("报名2，另外问下我有多少积分", ["我的积分"]),
        ("进度 E0001 再查一下我的帮办", ["我的帮办"]),
    ],
)
def test_further_commands_after_the_first(text: str, more: list[str]) -> None:
    assert further(tail_of(text), is_command) == more


@pytest.mark.parametrize(
    "text",
    [
        "认领 E0001 我下午去",  # a note for the first command
        "报名 2，带孩子一起",
        "进度E0002？？",
        "已实现W0002，太感谢了",
        "认领 E0001 我来",  # bare command words after a command are talk
        "报名 2 🙏🙏",
    ],
)
def test_trailing_words_are_not_commands(text: str) -> None:
    assert further(tail_of(text), is_command) == []


@pytest.mark.parametrize(
    ("text", "more"),
    [
        # probe14: a command on a line of its own keeps its words; split at the space, the
        # ballot ran with no option ("没有「」这个选项") and its option was dropped.
        ("进度 E0001\n投票 V0001 反对", ["投票 V0001 反对"]),
        ("进度 E0001\n投票 V0001 反对\n我的积分", ["投票 V0001 反对", "我的积分"]),
        ("报名1\n报名2 报名3", ["报名2", "报名3"]),  # a line that is no one command: clauses
    ],
)
def test_a_command_on_its_own_line_keeps_its_words(text: str, more: list[str]) -> None:
    assert further(tail_of(text), is_command) == more
