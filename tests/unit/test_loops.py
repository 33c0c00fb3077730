"""Private chat never asks the same thing over and over (convofix6 R10)."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from bot.chat import loops

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def ctx(person: Any, n: int, *, minutes: int = 0, private: bool = True) -> Any:
    message = SimpleNamespace(message_id=f"m{n}")
    now = NINE + timedelta(minutes=minutes)
    return SimpleNamespace(is_private=private, sender=person, now=now, message=message)


def test_the_question_once_more_then_a_way_out_then_quiet() -> None:
    person = SimpleNamespace(extra={})
    answers = [loops.clarify(ctx(person, n), "请问您住哪个小区？", "where") for n in range(5)]
    assert answers[:2] == ["请问您住哪个小区？"] * 2
    assert answers[2] == loops.FALLBACK
    assert answers[3:] == [None, None]


def test_understood_in_between_or_much_later_starts_again() -> None:
    person = SimpleNamespace(extra={"keep": 1})
    for n in range(2):
        loops.clarify(ctx(person, n), "？")
    loops.understood(ctx(person, 9))
    assert person.extra == {"keep": 1}
    for n in range(2):
        loops.clarify(ctx(person, n), "？")
    assert loops.clarify(ctx(person, 3, minutes=31), "？") == "？"  # an hour apart: a new talk


def test_other_questions_and_groups_are_their_own() -> None:
    person = SimpleNamespace(extra={})
    assert [loops.clarify(ctx(person, n), str(n)) for n in range(4)] == ["0", "1", "2", "3"]
    assert loops.clarify(ctx(person, 5, private=False), "x") == "x"
    assert loops.clarify(ctx(person, 6), "") == ""  # an empty text is passed through as is
