"""Dates and times typed into the console's forms.

The forms use plain text boxes with a Chinese hint ("例如 2026-12-06"), not the browser's
date pickers, which show the browser's own language (mm/dd/yyyy) whatever the page says.
So the parsing is forgiving: 2026-12-6, 2026/12/06, 2026年12月6日, 9:00, 9：00 all work.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:：点]\s*(\d{1,2})?\s*分?\s*$")


def parse_day(text: str) -> date:
    match = _DAY.match(text)
    if not match:
        raise ValueError(f"not a day: {text!r}")
    year, month, day = (int(g) for g in match.groups())
    return date(year, month, day)


def parse_clock(text: str) -> time:
    match = _CLOCK.match(text)
    if not match:
        raise ValueError(f"not a time: {text!r}")
    return time(int(match[1]), int(match[2] or 0))


def parse_moment(text: str) -> datetime:
    """ "2026-12-06 09:00" (or the T form a datetime-local box sends), naive."""
    day, _, clock = text.strip().replace("T", " ").partition(" ")
    return datetime.combine(parse_day(day), parse_clock(clock.strip() or "0:00"))
