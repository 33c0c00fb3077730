"""Statutory holidays from the law for years chinesecalendar lacks (issue 12, 17)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from bot.domain.holidays import statutory_rest_days, statutory_runs
from bot.domain.sla import SlaPolicy, WorkCalendar

TZ = ZoneInfo("Asia/Shanghai")


def test_2027_is_not_in_the_package_so_the_law_decides() -> None:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 1))
    calendar = WorkCalendar()
    assert not calendar.covers(date(2027, 1, 1))
    assert not calendar.is_workday(date(2027, 1, 1))  # 元旦, a Friday
    assert calendar.is_workday(date(2027, 1, 4))  # the Monday after


def test_spring_festival_2027_runs_from_chuxi_to_chusan() -> None:
    runs = statutory_runs(2027)
    assert runs["春节"] == [date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)]
    calendar = WorkCalendar()
    assert not any(calendar.is_workday(d) for d in runs["春节"])
    assert calendar.is_workday(date(2027, 2, 4))  # 腊月廿八 is a working day
    # 初一 and 初二 fall on a weekend: made up on the next weekdays (Article 6).
    assert not calendar.is_workday(date(2027, 2, 9)) and not calendar.is_workday(date(2027, 2, 10))
    assert calendar.is_workday(date(2027, 2, 11))


def test_a_2028_day_qingming_and_the_mid_autumn_inside_national_day() -> None:
    runs = statutory_runs(2028)
    assert runs["清明节"] == [date(2028, 4, 4)]  # the solar term, not a fixed date
    assert runs["端午节"] == [date(2028, 5, 28)] and runs["中秋节"] == [date(2028, 10, 3)]
    off = statutory_rest_days(2028)
    assert date(2028, 4, 4) in off and date(2028, 5, 1) in off and date(2028, 5, 2) in off
    # 国庆 starts on a Sunday and 中秋 falls on 10-03: two days made up after the run.
    assert {date(2028, 10, 4), date(2028, 10, 5)} <= off and date(2028, 10, 6) not in off
    assert not WorkCalendar().is_workday(date(2028, 10, 4))


def test_a_year_the_package_has_keeps_its_official_tiaoxiu() -> None:
    calendar = WorkCalendar()
    assert calendar.covers(date(2026, 10, 1))
    # The official 2026 arrangement: 10-01 … 10-07 off, with a 调休 Saturday worked.
    assert not calendar.is_workday(date(2026, 10, 7))  # not a statutory day: from the package
    assert date(2026, 10, 7) not in statutory_rest_days(2026)
    worked_saturdays = [
        d for d in (date(2026, 9, 20), date(2026, 10, 10)) if calendar.is_workday(d)
    ]
    assert worked_saturdays, "the package's 调休 working weekend days are kept"


def test_config_extra_days_override_the_computed_year() -> None:
    calendar = WorkCalendar(
        extra_workdays=frozenset({date(2027, 2, 20)}), extra_holidays=frozenset({date(2027, 2, 11)})
    )
    assert calendar.is_workday(date(2027, 2, 20))  # a published 调休 Saturday
    assert not calendar.is_workday(date(2027, 2, 11))


def test_a_solution_due_over_new_year_2027_skips_the_holiday() -> None:
    policy = SlaPolicy()
    start = datetime(2026, 12, 31, 10, 0, tzinfo=TZ)
    due = policy.calendar.add_working_days(start, 1, TZ)
    assert due == datetime(2027, 1, 4, 10, 0, tzinfo=TZ)  # not 元旦 (Friday)


def test_the_unknown_year_warning_is_not_logged_on_every_command(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calendar = WorkCalendar()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            calendar.is_workday(date(2027, 3, 1))
    assert caplog.records == []  # the sweep warns once a day; the console shows a banner
