"""Replies to a staff notice ("停水是哪几栋啊", "几点恢复供水啊", "停水了") while it holds.

After 【社区通知】 "明天 9:00-15:00 因管网维修停水" a building group answers it: questions,
grumbles, "停水了" during the window. None of these is a new 诉求 (convo4 F51, F52, F105): the
fault is announced and planned, so opening cases only climbed the escalation ladder to 街道.
They get the notice back (what, where, when). After the announced end a fault is news again
("都4点了怎么还没来水"), so the notice stops answering then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.broadcasts import Broadcast, BroadcastStatus

# How long a notice without a readable end answers for its fault.
DEFAULT_HOLD = timedelta(days=2)
RECENT = 20  # notices looked at: the latest ones are the only ones that can still hold

POINTER = (
    "这是社区已经通知的计划{fault}（通知 {code}，发给{targets}）：\n{body}\n"
    "到了通知的结束时间还没恢复，请再告诉我。"
)


@dataclass(frozen=True)
class Utility:
    fault: str  # as the pointer names it: 停水
    in_notice: re.Pattern[str]  # the notice announces this fault
    in_message: re.Pattern[str]  # a message is about this fault


_UTILITIES = (
    Utility(
        "停水",
        re.compile(r"停水|断水|停止供水|暂停供水"),
        re.compile(r"(?:停|断|没|来|供|有|储|送|存)水|水(?:停|来|还没|什么时候|几点|恢复)"),
    ),
    Utility(
        "停电",
        re.compile(r"停电|断电|停止供电|暂停供电"),
        re.compile(r"(?:停|断|没|来|供|有)电|电(?:停|来|还没|什么时候|几点|恢复)"),
    ),
    Utility(
        "停气",
        re.compile(r"停气|停止供气|暂停供气|燃气.{0,6}(?:停|暂停)"),
        re.compile(r"(?:停|断|没|来|供|有)(?:燃)?气|气(?:停|来|还没|什么时候|几点|恢复)"),
    ),
    Utility(
        "停暖",
        re.compile(r"停暖|停止供暖|暂停供暖"),
        re.compile(r"(?:停|断|没|来|供)暖|暖气(?:停|不热|还没|什么时候|几点|恢复)"),
    ),
)
# "停不停", "我们楼停吗" ask about the notice's fault without naming it again.
_ASKS_SCOPE = re.compile(r"停不停|停吗|停么|也停|停哪|(?:哪几栋|哪些楼|几号楼)(?:要)?停")
_DAY = re.compile(r"(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})[日号]")
_RANGE = re.compile(
    r"(?P<h1>\d{1,2})[:：点](?P<m1>\d{2})?\s*(?:-|—|－|~|～|至|到)\s*"
    r"(?P<h2>\d{1,2})[:：点](?P<m2>\d{2})?"
)
_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}


@dataclass(frozen=True)
class Holding:
    notice: Broadcast
    utility: Utility
    body: str  # the notice as the groups read it, without its 【…】 header


def holding(notices: list[Broadcast], group_id: int, now: datetime, tz: ZoneInfo) -> list[Holding]:
    """The confirmed notices sent to this group whose announced fault has not ended yet."""
    found = []
    for notice in notices:
        if notice.status is not BroadcastStatus.QUEUED or group_id not in notice.group_ids:
            continue
        sent = notice.scheduled_at or notice.confirmed_at or notice.created_at
        utility = next((u for u in _UTILITIES if u.in_notice.search(notice.text)), None)
        if utility is None or now < sent:
            continue
        if now > (end_of(notice.text, sent, tz) or sent + DEFAULT_HOLD):
            continue
        found.append(Holding(notice, utility, _body(notice.text)))
    return found


def mentions_fault(text: str) -> bool:
    """Cheap first look, before any notice is read: does it speak of an outage at all?"""
    return bool(_ASKS_SCOPE.search(text) or any(u.in_message.search(text) for u in _UTILITIES))


def about(text: str, held: Holding) -> bool:
    """The message speaks about the notice's fault (asks, grumbles or reports it)."""
    return bool(held.utility.in_message.search(text) or _ASKS_SCOPE.search(text))


def pointer(held: Holding) -> str:
    notice = held.notice
    return POINTER.format(
        fault=held.utility.fault, code=notice.code, targets=notice.targets, body=held.body
    )


def end_of(text: str, sent: datetime, tz: ZoneInfo) -> datetime | None:
    """When the announced fault ends: "明天（11月24日）9:00-15:00" → 11-24 15:00."""
    window = _RANGE.search(text)
    if window is None:
        return None
    local = sent.astimezone(tz)
    day = _day(text[: window.start()], local.date())
    hour, minute = int(window["h2"]), int(window["m2"] or 0)
    if hour > 23 or minute > 59:
        return None
    end = datetime.combine(day, time(hour, minute), tz)
    if int(window["h1"]) > hour:  # "22:00-6:00" ends the next morning
        end += timedelta(days=1)
    return end


def _day(text: str, today: date) -> date:
    found = _DAY.search(text)
    if found is not None:
        month = int(found["month"]) if found["month"] else today.month
        try:
            day = date(today.year, month, int(found["day"]))
        except ValueError:
            return today
        return day if day >= today - timedelta(days=31) else date(today.year + 1, month, day.day)
    for word, shift in _RELATIVE.items():
        if word in text:
            return today + timedelta(days=shift)
    return today


def _body(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[0].startswith("【") and lines[0].endswith("】"):
        lines = lines[1:]
    return "\n".join(lines)
