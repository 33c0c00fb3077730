"""Rules from round fifteen's staff-side blind conversations (convofix15b).

Each rule is tested with variants of its phrasing and with the nearby words that must not
trigger it."""

from __future__ import annotations

import pytest

from bot.chat import phrasing
from bot.chat.normalize import command_text


def rewrite(text: str) -> str | None:
    found = phrasing.rewrite(command_text(text))
    return None if found is None else f"{found.text}|{found.needs}"


# ---- 28: a work word ending in 查/问 before the code is the handler's news, not a look-up ----


@pytest.mark.parametrize(
    ("said", "command"),
    [
        (
            "人出来了 没事 维保说明天来检查 E0001 办结",
            "办结 E0001 人出来了 没事 维保说明天来检查|holder",
        ),
        ("排查了一遍 线路没问题 E0001 办结", "办结 E0001 排查了一遍 线路没问题|holder"),
        ("物业已经来巡查 E0002 办结", "办结 E0002 物业已经来巡查|holder"),
        ("上门慰问了 E0003 办结", "办结 E0003 上门慰问了|holder"),
        ("师傅下午来检查 E0001", "进展 E0001 师傅下午来检查|holder"),
    ],
)
def test_work_words_ending_in_a_query_character_are_news(said: str, command: str) -> None:
    assert rewrite(said) == command


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("帮我查 E0001", "进度 E0001|None"),
        ("查E0001", "进度 E0001|None"),
        ("麻烦查一下 E0001", "进度 E0001|None"),
        ("请问 E0001", "进度 E0001|None"),
        ("检查 E0001", None),  # a look-up word alone: never news relayed to the resident
        ("调查 E0001", None),
        ("慰问 E0001", None),
        ("维保来检查了吗 E0001", "进度 E0001|None"),  # a question about it
        ("维保说明天来检查 E0001 还没办结", None),  # not yet closed, said about the case
    ],
)
def test_query_words_before_a_code_stay_questions(said: str, command: str | None) -> None:
    assert rewrite(said) == command
