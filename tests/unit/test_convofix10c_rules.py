"""convofix10c: the rules behind the convo10 failures, with near misses that must not change."""

from __future__ import annotations

import pytest

from bot.chat.phrasing import subject_ratings


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("门那个满意 减速带那个一般", [("门", "满意"), ("减速带", "基本满意")]),
        ("门的满意，减速带一般", [("门", "满意"), ("减速带", "基本满意")]),
        ("单元门满意 减速带不满意", [("单元门", "满意"), ("减速带", "不满意")]),
    ],
)
def test_ratings_by_thing(text: str, named: list[tuple[str, str]]) -> None:
    assert subject_ratings(text) == named


@pytest.mark.parametrize(
    "text", ["满意", "非常满意", "都满意", "还行吧", "挺满意的，辛苦了", "不满意，还是漏", "太差了"]
)
def test_plain_ratings_name_no_thing(text: str) -> None:
    assert subject_ratings(text) is None
