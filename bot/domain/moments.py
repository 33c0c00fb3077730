"""A day and a time as people say them: "周四晚上七点半", "下周二下午3点", "明天上午九点".

Relative words are read against the `now` the caller passes (its clock, virtual in tests);
hours in Chinese numerals are read by cn2an. What cannot be settled without guessing is not
guessed: `Unclear` carries the short question to ask back ("七点是早上还是晚上？").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = "一二三四五六日"
_NUMERAL = r"[0-9零〇一二两三四五六七八九十]{1,3}"
_MOMENT = re.compile(
    r"^\s*(?:"
    r"(?:(?P<year>\d{4})[-/.年])?(?P<month>\d{1,2})[-/.月](?P<day>\d{1,2})[日号]?"
    r"|(?P<rel>大后天|后天|明天|明晚|明早|今天|今晚|今早|昨天|前天)"
    r"|(?P<next>下个?)?(?P<this>这个?|本)?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天])"
    r")?\s*"
    r"(?P<period>早上|早晨|上午|中午|下午|傍晚|晚上)?\s*"
    r"(?:(?P<h24>\d{1,2})[:：](?P<m24>\d{2})"
    rf"|(?P<hour>{_NUMERAL})\s*点\s*(?:(?P<half>半)|(?P<quarter>一刻|三刻)|(?P<minute>{_NUMERAL})分?)?"
    r")?\s*(?P<rest>.*)$",
    re.DOTALL,
)
_RELATIVE = {
    "前天": -2,
    "昨天": -1,
    "今天": 0,
    "今晚": 0,
    "明天": 1,
    "明晚": 1,
    "明早": 1,
    "今早": 0,
    "后天": 2,
    "大后天": 3,
}
_EVENING = ("下午", "傍晚", "晚上")
# "明早七点", "今晚8点": the day word says the part of the day too.
_PERIOD_IN_DAY = {"今晚": "晚上", "明晚": "晚上", "明早": "早上", "今早": "早上"}


class Unclear(Exception):
    """The words leave the day or the time open; the text is the question to ask back."""


@dataclass(frozen=True)
class Moment:
    day: date | None  # None: not said
    clock: time | None  # None: not said
    rest: str  # what follows the time (a place)
    said: str  # the words of the day and time, to quote back


def read_moment(text: str, now: datetime, tz: ZoneInfo) -> Moment:
    """The day and the time at the start of `text`, either may be missing; Unclear when said
    but open (an hour without 上午/晚上 that may be either, a weekday that may be today)."""
    found = _MOMENT.match(text)
    assert found is not None  # every part is optional
    today = now.astimezone(tz).date()
    said = text[: found.start("rest")].strip()
    day = _day(found, today)
    period = found["period"] or _PERIOD_IN_DAY.get(found["rel"] or "")
    clock = _clock(found, period, said)
    if period is not None and clock is None:
        raise Unclear(f"「{said}」几点？请写上钟点，例如「{said}7点半」。")
    return Moment(day, clock, found["rest"].strip(), said)


def at(moment: Moment, base: datetime | None, tz: ZoneInfo) -> datetime:
    """The moment as an aware datetime; a part not said is taken from `base` (the time being
    changed), else Unclear. Nothing said at all is Unclear either way."""
    if moment.day is None and moment.clock is None:
        raise Unclear("请说明时间，例如「周四晚上7点半」或「2026-12-05 19:00」。")
    local = base.astimezone(tz) if base is not None else None
    day = moment.day or (local.date() if local else None)
    clock = moment.clock or (local.time() if local else None)
    if day is None or clock is None:
        missing = "哪一天" if day is None else "几点"
        raise Unclear(f"请说明{missing}，例如「周四晚上7点半」或「2026-12-05 19:00」。")
    return datetime.combine(day, clock, tzinfo=tz)


def _day(found: re.Match[str], today: date) -> date | None:
    if found["month"]:
        year = int(found["year"]) if found["year"] else today.year
        try:
            day = date(year, int(found["month"]), int(found["day"]))
        except ValueError:
            raise Unclear("这不是一个有效的日期，请检查。") from None
        return day.replace(year=year + 1) if not found["year"] and day < today else day
    if found["rel"]:
        return today + timedelta(days=_RELATIVE[found["rel"]])
    if not found["weekday"]:
        return None
    weekday = WEEKDAYS.index(found["weekday"].replace("天", "日"))
    monday = today - timedelta(days=today.weekday())
    if found["next"]:
        return monday + timedelta(days=7 + weekday)
    if found["this"]:
        return monday + timedelta(days=weekday)
    if weekday == today.weekday():
        # "周二" said on a Tuesday: today, or next week's? Ask rather than guess.
        name = f"周{found['weekday']}"
        raise Unclear(f"「{name}」是指今天，还是下{name}？请说「今天」或「下{name}」。")
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead)  # the coming one


def _clock(found: re.Match[str], period: str | None, said: str) -> time | None:
    if found["h24"]:
        hour, minute = int(found["h24"]), int(found["m24"])
    elif found["hour"]:
        hour = _number(found["hour"])
        minute = (
            30
            if found["half"]
            else (15 if found["quarter"] == "一刻" else 45)
            if found["quarter"]
            else _number(found["minute"])
            if found["minute"]
            else 0
        )
        if period is None and 1 <= hour <= 11:
            raise Unclear(
                f"「{said}」是上午还是下午/晚上？请说「上午{hour}点」或「晚上{hour}点」。"
            )
    else:
        return None
    if period in _EVENING and hour == 12:
        # 晚上十二点 is midnight, the next day's 0:00: say it plainly rather than guess.
        raise Unclear(f"「{said}」是半夜吗？请写成 24 小时制，例如「23:30」或第二天「0:00」。")
    if (period in _EVENING and hour < 12) or (period == "中午" and hour < 3):
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise Unclear(f"「{said}」不是一个有效的时间，请检查。")
    return time(hour, minute)


def _number(written: str) -> int:
    """An hour or a minute: digits as they are, Chinese numerals by cn2an ("十二", "四十")."""
    if written.isdigit():
        return int(written)
    import cn2an  # deferred: ~0.1 s to import, and only spoken times need it

    return int(cn2an.cn2an(written.replace("〇", "零"), "smart"))
