"""Statutory holidays computed from the law, for years chinesecalendar has not published yet.

《全国年节及纪念日放假办法》 as revised by the State Council in 2024 (in force 2025-01-01):
元旦 1 day (1月1日); 春节 4 days (农历除夕、正月初一至初三); 清明节 1 day (the 清明 solar
term); 劳动节 2 days (5月1日、2日); 端午节 1 day (农历五月初五); 中秋节 1 day (农历八月十五);
国庆节 3 days (10月1日至3日). Article 6: a holiday that falls on a Saturday or Sunday is made
up on a working day; here, the first weekday after the holiday's run (also when two holidays
fall on one day, as 中秋 and 国庆 can).

What this cannot know is the 调休 (weekends swapped to make a long break): that is published
each year. So a computed year has every statutory day off and no 调休 working weekends; the
config's [sla] extra_workdays / extra_holidays add them once the State Council publishes.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from lunar_python import Lunar


def _lunar(year: int, month: int, day: int) -> date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    # The 清明 of the lunar year that starts in `year` falls in April of `year`.
    solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _run(start: date, days: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(days)]


def statutory_runs(year: int) -> dict[str, list[date]]:
    """Each holiday's statutory days in `year` (before any making up)."""
    new_year = _lunar(year, 1, 1)
    return {
        "元旦": [date(year, 1, 1)],
        "春节": _run(new_year - timedelta(days=1), 4),  # 除夕 to 初三
        "清明节": [_qingming(year)],
        "劳动节": _run(date(year, 5, 1), 2),
        "端午节": [_lunar(year, 5, 5)],
        "中秋节": [_lunar(year, 8, 15)],
        "国庆节": _run(date(year, 10, 1), 3),
    }


@cache  # a pure function of the year; the SLA clock asks for it day by day
def statutory_rest_days(year: int) -> frozenset[date]:
    """Every day off by law in `year`: the holidays, plus days made up for weekend ones."""
    off: set[date] = set()
    owed: list[date] = []  # the end of a run that lost a day (weekend or overlap)
    for run in sorted(statutory_runs(year).values()):
        for day in run:
            if day.weekday() >= 5 or day in off:
                owed.append(run[-1])
            off.add(day)
    for after in owed:
        day = after + timedelta(days=1)
        while day.weekday() >= 5 or day in off:
            day += timedelta(days=1)
        off.add(day)
    return frozenset(off)
