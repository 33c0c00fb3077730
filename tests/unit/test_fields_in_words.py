"""Fields read from commands as people write them (convo3 D61 D55 D39): the name a 派单
names without 给 and thanks, the whole result after a completion phrase, a labelled
line of the 新议题 form without its label."""

from __future__ import annotations

import pytest

from bot.chat.phrasing import rewrite
from bot.domain.deliberation.topics import parse_topic_form
from bot.handlers.claims import _name


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("给王国强", "王国强"),
        ("派给孙志明处理一下", "孙志明"),
        ("王国强辛苦了", "王国强"),
        ("谢谢", ""),
        ("孙志明", "孙志明"),
        ("谢谢明", "谢谢明"),  # a name that starts like thanks is still a name
    ],
)
def test_the_name_a_dispatch_names(word: str, name: str) -> None:
    assert _name(word) == name


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("E0001 处理完毕", "办结 E0001 处理完毕"),
        ("E0001 已处理完毕 换了新灯", "办结 E0001 换了新灯"),
        ("E0001 已办结 换了新灯", "办结 E0001 换了新灯"),
        ("E0001 已经修好了", "办结 E0001 已经修好了"),
    ],
)
def test_the_result_is_never_a_fragment_of_the_completion_phrase(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text == command


def test_a_labelled_title_line_loses_its_label() -> None:
    form = parse_topic_form("议题：小区南门加装人脸识别门禁\n级别：小区\n说明：方便出入")
    assert form["title"] == "小区南门加装人脸识别门禁"
    assert form["description"] == "方便出入"


def test_an_unlabelled_first_line_is_still_the_title() -> None:
    form = parse_topic_form("电动车不进楼道\n级别：楼栋\n议题的背景大家都知道")
    assert form["title"] == "电动车不进楼道"
    assert "议题的背景" in form["description"]
