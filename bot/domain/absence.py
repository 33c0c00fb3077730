"""An absence roster: a 楼栋党小组长 or party member who said she is away (round fifteen).

While she is away the new-case notices to her 楼栋's 党小组 and the 2341 ladder's 楼栋党小组长
rung pass her over, so nobody chases someone who said she is not there. The span comes from
her own words, read relative to when she said them, in the community's zone: "12月1号到5号",
"1号到5号", "12.1-12.5", "这周", "下周", "明天到周五", "三天". Words that name no dates
("这几天", "过段时间") give no span: nothing is recorded on a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MAX_DAYS = 60  # a longer span, or one starting further ahead, is more likely a misreading
_NUM = r"[0-9零〇一二两三四五六七八九十]{1,3}"
_SEP = r"\s*(?:到|至|-|－|—|–|~|～)\s*"
_WEEKDAY = "一二三四五六日天"
_WEEK = r"(?:周|星期|礼拜)"


def _day_word(p: str) -> str:
    """One end of a range, its parts named with the prefix `p`."""
    return (
        rf"(?:(?:(?P<{p}y>\d{{4}})年)?(?P<{p}m>{_NUM})月(?P<{p}d>{_NUM})[号日]?"
        rf"|(?P<{p}dm>{_NUM})[./](?P<{p}dd>{_NUM})"
        rf"|(?P<{p}od>{_NUM})[号日]"
        rf"|(?P<{p}rel>大后天|后天|明天|明日|今天|今日)"
        rf"|(?P<{p}wk>这|本|下)?{_WEEK}(?P<{p}wd>[{_WEEKDAY}1-7]))"
    )


_RANGE = re.compile(_day_word("a") + _SEP + _day_word("b"))
# "1-5号": a bare first day, the 号 after the second.
_BARE_RANGE = re.compile(rf"(?<![0-9.月])(?P<a>{_NUM}){_SEP}(?P<b>{_NUM})[号日]")
_NEXT_WEEK = re.compile(rf"下个?{_WEEK}(?![{_WEEKDAY}1-7])")
_THIS_WEEK = re.compile(rf"(?:这|本)个?{_WEEK}(?![{_WEEKDAY}1-7])")
# "三天", "3天", "两个礼拜": from today (not "这几天": no number, no record).
_DAYS = re.compile(
    r"(?<![0-9几])(?P<n>[0-9]+|[零〇一二两三四五六七八九十百千万]+)个?"
    rf"(?P<unit>天|周|星期|礼拜)(?![{_WEEKDAY}1-7])"
)
_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}


@dataclass
class Absence:
    """One stretch of days (both ends included, local dates) a person said she is away.

    `ended_at` is set when she comes back early (「销假」) or a newer registration replaces
    this one; an ended absence no longer counts."""

    person_id: int
    starts_on: date
    ends_on: date
    note: str = ""
    created_at: datetime | None = None
    created_by: int | None = None
    ended_at: datetime | None = None
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.ended_at is None and self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Span:
    starts_on: date
    ends_on: date

    @property
    def text(self) -> str:
        return f"{day_text(self.starts_on)}—{day_text(self.ends_on)}"


def day_text(day: date) -> str:
    return f"{day.month}月{day.day}日"


def number(text: str) -> int | None:
    """Digits or Chinese numerals ("十二", "两") as an int; None when they are not a number."""
    if text.isdigit():
        return int(text) if len(text) <= 6 else None
    import cn2an  # deferred: ~0.1 s to import, and numbers in characters are the rarer case

    try:
        value = cn2an.cn2an(text.replace("两", "二"), "smart")
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return int(value) if isinstance(value, int | float) and value == int(value) else None


def parse_span(text: str, today: date) -> Span | None:
    """The days the words say she is away, or None (no dates named, a date that does not
    exist, a span already over, longer than MAX_DAYS or starting more than MAX_DAYS ahead).

    Explicit dates win over week words ("这周出差 12月1号到5号" is 12月1日—5日)."""
    span = _range(text, today) or _weeks(text, today) or _count(text, today)
    if span is None or span.ends_on < span.starts_on or span.ends_on < today:
        return None
    if (span.ends_on - span.starts_on).days + 1 > MAX_DAYS:
        return None
    if (span.starts_on - today).days > MAX_DAYS:
        return None
    return span


def _range(text: str, today: date) -> Span | None:
    """ "12月1号到5号", "12.1-12.5", "明天到周五", "1-5号": the first start whose end is not
    already past (a bare "1号" said on 11月30日 is 12月1日; on 12月3日, while away, too)."""
    found = _RANGE.search(text)
    if found is not None:
        spans = ((s, _day(found, "b", s, today)) for s in _starts(found, "a", today))
    else:
        bare = _BARE_RANGE.search(text)
        first, last = (number(bare["a"]), number(bare["b"])) if bare else (None, None)
        if first is None or last is None:
            return None
        starts = _months_ahead(first, today.replace(day=1))
        spans = ((s, _next_of_month(last, s)) for s in starts)
    span = None
    for start, end in spans:
        if end is None:
            return None
        span = Span(start, end)
        if end >= today:
            break
    return span


def _starts(found: re.Match[str], p: str, today: date) -> list[date]:
    """Where a range may begin, nearest first."""
    if found[f"{p}m"] or found[f"{p}dm"]:
        month = number(found[f"{p}m"] or found[f"{p}dm"])
        day = number(found[f"{p}d"] or found[f"{p}dd"])
        if month is None or day is None:
            return []
        years = [int(found[f"{p}y"])] if found[f"{p}y"] else [today.year + k for k in (0, -1, 1)]
        days = [d for y in years if (d := _date(y, month, day)) is not None]
        return sorted(days, key=lambda d: abs((d - today).days))
    if found[f"{p}od"]:
        day = number(found[f"{p}od"])
        return _months_ahead(day, today.replace(day=1)) if day is not None else []
    start = _day(found, p, today, today)
    return [start] if start is not None else []


def _day(found: re.Match[str], p: str, after: date, today: date) -> date | None:
    """A range's end: the first such day on or after its start (`after`)."""
    if found[f"{p}m"] or found[f"{p}dm"]:
        month = number(found[f"{p}m"] or found[f"{p}dm"])
        day = number(found[f"{p}d"] or found[f"{p}dd"])
        if month is None or day is None:
            return None
        years = [int(found[f"{p}y"])] if found[f"{p}y"] else [after.year, after.year + 1]
        later = [d for y in years if (d := _date(y, month, day)) is not None and d >= after]
        return min(later) if later else None
    if found[f"{p}od"]:
        day = number(found[f"{p}od"])
        return _next_of_month(day, after) if day is not None else None
    if found[f"{p}rel"]:
        return today + timedelta(days=_RELATIVE[found[f"{p}rel"]])
    weekday = _weekday(found[f"{p}wd"])
    if weekday is None:
        return None
    monday = today - timedelta(days=today.weekday())  # 这周/下周 count from the day said
    if found[f"{p}wk"] == "下":
        return monday + timedelta(days=7 + weekday)
    if found[f"{p}wk"]:
        return monday + timedelta(days=weekday)
    # A bare 周五: the first one on or after `after` (明天到周五).
    return after + timedelta(days=(weekday - after.weekday()) % 7)


def _weekday(word: str) -> int | None:
    if word in "日天7":
        return 6
    index = "一二三四五六".find(word)
    if index >= 0:
        return index
    return int(word) - 1 if word.isdigit() and 1 <= int(word) <= 7 else None


def _months_ahead(day: int, first: date) -> list[date]:
    """That day of `first`'s month and of the next one (those that exist)."""
    found = []
    for months in (0, 1):
        year, month = divmod(first.month - 1 + months, 12)
        if (d := _date(first.year + year, month + 1, day)) is not None:
            found.append(d)
    return found


def _next_of_month(day: int, after: date) -> date | None:
    """The first date with that day of the month on or after `after` (28号到3号: the 3rd is
    next month's)."""
    for months in range(3):
        year, month = divmod(after.month - 1 + months, 12)
        found = _date(after.year + year, month + 1, day)
        if found is not None and found >= after:
            return found
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weeks(text: str, today: date) -> Span | None:
    monday = today - timedelta(days=today.weekday())
    if _NEXT_WEEK.search(text):
        return Span(monday + timedelta(days=7), monday + timedelta(days=13))
    if _THIS_WEEK.search(text) and not _DAYS.search(text):
        return Span(today, monday + timedelta(days=6))
    return None


def _count(text: str, today: date) -> Span | None:
    found = _DAYS.search(text)
    if found is None:
        return None
    n = number(found["n"])
    if n is None or n < 1 or n > MAX_DAYS:
        return None
    days = n if found["unit"] == "天" else n * 7
    return Span(today, today + timedelta(days=days - 1))
