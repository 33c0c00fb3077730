"""The days an absence covers, read from the member's own words (bot.domain.absence)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.absence import Absence, Span, parse_span

MONDAY = date(2026, 11, 30)  # a Monday


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("刘书记 我这周去外地出差 12月1号到5号都不在小区", d(12, 1), d(12, 5)),
        ("1号到5号不在小区", d(12, 1), d(12, 5)),
        ("12.1-12.5 出差", d(12, 1), d(12, 5)),
        ("十二月一日至十二月五日回老家", d(12, 1), d(12, 5)),
        ("1-5号不在", d(12, 1), d(12, 5)),
        ("这周出差", MONDAY, d(12, 6)),
        ("本周都不在", MONDAY, d(12, 6)),
        ("下周回老家", d(12, 7), d(12, 13)),
        ("明天到周五不在", d(12, 1), d(12, 4)),
        ("下周一到下周三出差", d(12, 7), d(12, 9)),
        ("请假三天", MONDAY, d(12, 2)),
        ("请假3天", MONDAY, d(12, 2)),
        ("出差两个礼拜", MONDAY, d(12, 13)),
        ("12月28日到1月3日回老家", d(12, 28), d(1, 3, 2027)),
        ("28号到3号不在", d(11, 28), d(12, 3)),  # already away: it began last week
    ],
)
def test_a_span_in_her_words(text: str, start: date, end: date) -> None:
    assert parse_span(text, MONDAY) == Span(start, end)


def test_a_bare_day_said_while_away_is_this_month() -> None:
    assert parse_span("1号到5号不在", d(12, 3)) == Span(d(12, 1), d(12, 5))


def test_explicit_dates_win_over_the_week_word() -> None:
    assert parse_span("这周出差 12月3号到4号", MONDAY) == Span(d(12, 3), d(12, 4))


@pytest.mark.parametrize(
    "text",
    [
        "这几天不在",  # no dates: nothing recorded on a guess
        "13月1号到5号",
        "12月32号到35号",
        "32号到35号",
        "12月1号到",  # 到 without its end
        "😀😀😀",
        "",
        "99999999999999999999天",
        "一百万天",
        "出差100天",  # longer than 60 days
        "11月1号到11月5号",  # over already
        "12月1日到次年3月1日",
        "5月1号到5月3号",  # months ahead: more likely a misreading
    ],
)
def test_no_span(text: str) -> None:
    assert parse_span(text, MONDAY) is None


def test_a_span_in_the_past_is_not_recorded() -> None:
    assert parse_span("12.1-12.5", d(12, 10)) is None


def test_an_absence_covers_its_days_until_ended() -> None:
    absence = Absence(person_id=1, starts_on=d(12, 1), ends_on=d(12, 5))
    assert absence.covers(d(12, 1)) and absence.covers(d(12, 5))
    assert not absence.covers(d(11, 30)) and not absence.covers(d(12, 6))
    assert Span(d(12, 1), d(12, 5)).text == "12月1日—12月5日"
