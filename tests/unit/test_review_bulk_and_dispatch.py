"""A 组长's short answers to the 待确认 list and 派单 in words (convofix6 R9)."""

from __future__ import annotations

import pytest

from bot.chat import phrasing, review_bulk


@pytest.mark.parametrize(
    ("text", "commands"),
    [
        ("1是 2不是", ["是 Q0017", "不是 Q0018"]),
        ("1 2 是", ["是 Q0017", "是 Q0018"]),
        ("1、2都不是", ["不是 Q0017", "不是 Q0018"]),
        ("都是", ["是 Q0017", "是 Q0018"]),
        ("17是", ["是 Q0017"]),
    ],
)
def test_numbers_are_codes_or_places_in_the_list(text: str, commands: list[str]) -> None:
    answers = review_bulk.parse(text)
    assert answers is not None
    assert review_bulk.commands(answers, [17, 18]) == commands


def test_an_answered_code_of_these_days_is_that_code() -> None:
    answers = review_bulk.parse("1 3 是")
    assert answers is not None
    assert review_bulk.commands(answers, [3], lambda n: n == 1) == ["是 Q0001", "是 Q0003"]


@pytest.mark.parametrize("text", ["", "👍", "是", "1楼漏水了是不是", "3号楼是", "是" * 100])
def test_other_words_are_no_answer(text: str) -> None:
    assert review_bulk.parse(text) is None


def test_a_number_beyond_the_list_names_nothing() -> None:
    answers = review_bulk.parse("9是")
    assert answers is not None and review_bulk.commands(answers, [1, 2]) == []


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("让孙志明去处理E0002", "派单 E0002 孙志明"),
        ("E0004 安排孙志明去", "派单 E0004 孙志明"),
        ("E0004 孙志明你去看看", "派单 E0004 孙志明"),
        ("E0001 交给孙志明处理", "派单 E0001 孙志明"),
        ("E0003交给你了", "派单 E0003 @"),
    ],
)
def test_dispatch_in_words(text: str, command: str) -> None:
    found = phrasing.rewrite(text, private=True)
    assert found is not None and found.text == command and found.needs == "dispatcher"


@pytest.mark.parametrize("text", ["让我看看E0001", "E0001 安排一下", "E0001 修好了", "请问E0001"])
def test_not_a_dispatch(text: str) -> None:
    found = phrasing.rewrite(text, private=True)
    assert found is None or found.needs != "dispatcher"
