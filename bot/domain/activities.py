"""党群阵地@你: venues, activities, sign-ups and the texts residents see.

An activity's public number is its id: "报名 3" means activity 3 whichever preview, reminder
or correction the resident is looking at, so a number never changes meaning.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

KINDS = ("文娱", "健康保健", "心理抚慰", "反诈宣传", "志愿服务", "党建学习", "其他")
WEEKDAYS = "一二三四五六日"
DEFAULT_WAITLIST = 10
MAX_TITLE = 40


@dataclass(frozen=True)
class Schedule:
    """When the monthly preview and the reminders go out (the config's [activities])."""

    tz: ZoneInfo
    preview_day: int = 25
    preview_time: time = time(9, 0)
    reminder_time: time = time(18, 0)

    def preview_moment(self, starts_at: datetime) -> datetime:
        """When the preview of the month `starts_at` falls in goes out."""
        first = starts_at.astimezone(self.tz).date().replace(day=1)
        last_of_before = first - timedelta(days=1)
        day = min(self.preview_day, last_of_before.day)
        return datetime.combine(last_of_before.replace(day=day), self.preview_time, tzinfo=self.tz)


class ActivityError(ValueError):
    """Input that cannot make an activity; the message is shown to staff as is."""


class ActivityStatus(enum.StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"


class SignupStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"  # on the waiting list, moved up when someone cancels
    CANCELLED = "cancelled"
    WALK_IN = "walk_in"  # came without signing up; recorded by 签到


@dataclass(eq=False)
class Venue:
    """A 党群阵地 (党群服务站, 邻里中心 …), from the config."""

    key: str
    name: str
    address: str = ""
    hours: str = ""
    estate_id: int | None = None
    id: int | None = None

    @property
    def label(self) -> str:
        return f"{self.name}（{self.address}）" if self.address else self.name


@dataclass(eq=False)
class Activity:
    title: str
    kind: str
    venue_id: int
    starts_at: datetime
    ends_at: datetime
    created_at: datetime
    capacity: int | None = None  # None: no limit
    waitlist: int = 0  # places on the waiting list once full
    audience: list[str] = field(default_factory=list)  # tokens, see bot.domain.broadcasts
    points: int = 0  # awarded for attending
    description: str = ""
    status: ActivityStatus = ActivityStatus.PLANNED
    created_by: str = ""
    updated_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    version: int = 1  # bumped on every change residents must hear about
    lock_seq: int = 0  # bumped to serialise sign-ups on one activity (a row lock)
    id: int | None = None

    @property
    def cancelled(self) -> bool:
        return self.status is ActivityStatus.CANCELLED

    def started(self, now: datetime) -> bool:
        return now >= self.starts_at


@dataclass(eq=False)
class Signup:
    activity_id: int
    person_id: int
    account: str
    status: SignupStatus
    created_at: datetime
    group_id: int | None = None  # where they signed up: reminded there with an @
    updated_at: datetime | None = None
    reminded_at: datetime | None = None
    attended_at: datetime | None = None
    points: int = 0  # the activity's points, recorded at 签到 for the ledger
    points_awarded_at: datetime | None = None  # set once the ledger has booked them
    id: int | None = None

    @property
    def active(self) -> bool:
        return self.status in (SignupStatus.CONFIRMED, SignupStatus.WAITING)


# ---- sign-up rules ----------------------------------------------------------------------


def signup_refusal(activity: Activity, now: datetime) -> str | None:
    """Why nobody can sign up for this activity now, or None."""
    if activity.cancelled:
        return f"活动【{activity.id}】{activity.title}已取消，不能报名了。"
    if activity.started(now):
        return f"活动【{activity.id}】{activity.title}已经开始或结束了，不能再报名。"
    return None


def seat_for(activity: Activity, confirmed: int, waiting: int) -> SignupStatus | None:
    """A seat, a place on the waiting list, or None when both are full."""
    if activity.capacity is None or confirmed < activity.capacity:
        return SignupStatus.CONFIRMED
    if waiting < activity.waitlist:
        return SignupStatus.WAITING
    return None


# ---- months and reminders ---------------------------------------------------------------


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def next_month(day: date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def preview_month(now: datetime, tz: ZoneInfo, preview_day: int, at: time) -> tuple[int, int]:
    """The month whose preview is due now, or raise LookupError before the preview moment.

    From `preview_day` (at `at`) to the end of the month, next month's preview is due; a bot
    that was down on the day catches up when it comes back.
    """
    local = now.astimezone(tz)
    last_day = (date(*next_month(local.date()), 1) - timedelta(days=1)).day
    day = min(preview_day, last_day)
    if (local.day, local.time()) < (day, at):
        raise LookupError("not yet")
    return next_month(local.date())


def month_bounds(year: int, month: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=tz)
    end_year, end_month = next_month(start.date())
    return start, datetime(end_year, end_month, 1, tzinfo=tz)


def reminder_moment(activity: Activity, tz: ZoneInfo, at: time) -> datetime:
    """The day before the activity, at the configured time (never after it starts)."""
    eve = activity.starts_at.astimezone(tz).date() - timedelta(days=1)
    return min(datetime.combine(eve, at, tzinfo=tz), activity.starts_at)


# ---- texts ------------------------------------------------------------------------------


def when_text(activity: Activity, tz: ZoneInfo) -> str:
    start, end = activity.starts_at.astimezone(tz), activity.ends_at.astimezone(tz)
    day = f"{start.month}月{start.day}日（周{WEEKDAYS[start.weekday()]}）"
    end_text = f"{end.hour}:{end:%M}"
    if end.date() != start.date():
        end_text = f"{end.month}月{end.day}日 {end_text}"
    return f"{day}{start.hour}:{start:%M}-{end_text}"


def render_item(activity: Activity, venue: Venue | None, tz: ZoneInfo) -> str:
    lines = [
        f"【{activity.id}】{when_text(activity, tz)}",
        f"  {activity.title}（{activity.kind}）",
        f"  地点：{venue.label if venue else '待定'}",
    ]
    facts = ["名额不限" if activity.capacity is None else f"名额{activity.capacity}人"]
    if activity.points:
        facts.append(f"参加可得{activity.points}积分")
    lines.append("  " + " · ".join(facts))
    if activity.description:
        lines.append(f"  {activity.description}")
    return "\n".join(lines)


SIGNUP_HINT = "想参加请回复「报名 编号」，如「报名 {n}」；去不了回复「取消报名 {n}」。"


def render_preview(
    year: int, month: int, items: Sequence[tuple[Activity, Venue | None]], tz: ZoneInfo
) -> str:
    body = "\n".join(render_item(a, v, tz) for a, v in items)
    first = items[0][0].id if items else 1
    return f"党群阵地@你 · {month}月活动预告\n{body}\n{SIGNUP_HINT.format(n=first)}"


def render_added(activity: Activity, venue: Venue | None, tz: ZoneInfo) -> str:
    return (
        f"党群阵地@你 · 新增活动\n{render_item(activity, venue, tz)}\n"
        f"{SIGNUP_HINT.format(n=activity.id)}"
    )


def render_change(
    activity: Activity, venue: Venue | None, changes: Sequence[str], tz: ZoneInfo
) -> str:
    return (
        f"【更正】活动【{activity.id}】{activity.title}有变动：{'；'.join(changes)}。\n"
        f"{render_item(activity, venue, tz)}\n已报名的居民无需重新报名。"
    )


def render_cancel(activity: Activity, tz: ZoneInfo) -> str:
    reason = f"（{activity.cancel_reason}）" if activity.cancel_reason else ""
    return (
        f"【取消】原定{when_text(activity, tz)}的活动【{activity.id}】{activity.title}取消了"
        f"{reason}。给大家添麻烦了，已报名的居民无需再做什么。"
    )


def render_reminder(
    activity: Activity, venue: Venue | None, tz: ZoneInfo, now: datetime | None = None
) -> str:
    """The day-before reminder; "今天" when it goes out on the day itself (a bot that was
    down overnight sends it late), the date when it goes out earlier than the day before."""
    day = activity.starts_at.astimezone(tz).date()
    sent = now.astimezone(tz).date() if now is not None else day - timedelta(days=1)
    if sent >= day:
        when = "今天"
    elif (day - sent).days == 1:
        when = "明天"
    else:
        when = f"{day.month}月{day.day}日"
    return (
        f"温馨提醒：您报名的活动【{activity.id}】{activity.title}{when}举行。\n"
        f"时间：{when_text(activity, tz)}\n地点：{venue.label if venue else '待定'}\n"
        f"去不了请回复「取消报名 {activity.id}」，把名额让给候补的邻居。"
    )


# ---- the staff form ---------------------------------------------------------------------

FIELDS = {
    "标题": "title",
    "名称": "title",
    "类型": "kind",
    "类别": "kind",
    "地点": "venue",
    "阵地": "venue",
    "时间": "when",
    "名额": "capacity",
    "人数": "capacity",
    "候补": "waitlist",
    "对象": "audience",
    "范围": "audience",
    "积分": "points",
    "说明": "description",
    "备注": "description",
}
_FORM_LINE = re.compile(r"^\s*(?P<key>[^:：\s]{1,4})\s*[:：]\s*(?P<value>.*?)\s*$")
FORM_EXAMPLE = (
    "新活动\n标题：免费测血压\n类型：健康保健\n地点：党群服务站\n"
    "时间：2026-12-05 09:00-11:00\n名额：30\n对象：兰亭小区\n积分：5"
)


def parse_form(text: str) -> dict[str, str]:
    """Key-value lines ("标题：免费测血压") into field names; unknown keys are an error."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _FORM_LINE.match(line)
        if match is None or match["key"] not in FIELDS:
            raise ActivityError(
                f"这一行看不懂：「{line.strip()[:30]}」。每行写成「项目：内容」，"
                f"项目可以是 {'、'.join(dict.fromkeys(FIELDS))}。"
            )
        fields[FIELDS[match["key"]]] = match["value"]
    return fields


DEFAULT_LENGTH = timedelta(hours=2)  # a start without an end: most 党群 activities last two hours
_SPAN = re.compile(
    r"(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?\s*(\d{1,2})[:：点](\d{2})?"
    r"(?:\s*[-~至到]\s*(\d{1,2})[:：点](\d{2})?)?"
)


def parse_span(text: str, now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """ "2026-12-05 09:00-11:00" (or 12-05, 12月5日, 9点) into aware start and end.

    A start alone ("2026-12-05 09:00") ends `DEFAULT_LENGTH` later; `open_ended` tells the
    caller so, to say it in the confirmation rather than refuse the form.
    """
    match = _SPAN.fullmatch(text.strip())
    if match is None:
        raise ActivityError("时间请写成「2026-12-05 09:00-11:00」。")
    today = now.astimezone(tz).date()
    year = int(match[1]) if match[1] else today.year
    try:
        day = date(year, int(match[2]), int(match[3]))
        start = datetime.combine(day, time(int(match[4]), int(match[5] or 0)), tzinfo=tz)
        end = (
            datetime.combine(day, time(int(match[6]), int(match[7] or 0)), tzinfo=tz)
            if match[6]
            else start + DEFAULT_LENGTH
        )
    except ValueError:
        raise ActivityError(f"「{text.strip()}」不是一个有效的日期时间。") from None
    if not match[1] and day < today:
        start, end = start.replace(year=year + 1), end.replace(year=year + 1)
    if end <= start:
        raise ActivityError("结束时间要晚于开始时间。")
    return start, end


def open_ended(text: str) -> bool:
    """The time names a start and no end: `parse_span` gave it `DEFAULT_LENGTH`."""
    match = _SPAN.fullmatch(text.strip())
    return match is not None and match[6] is None


def default_end_note(activity: Activity, tz: ZoneInfo) -> str:
    """What the confirmation says when the end was not written."""
    local = activity.ends_at.astimezone(tz)
    hours = int(DEFAULT_LENGTH.total_seconds() // 3600)
    return (
        f"没写结束时间，按 {hours} 小时算，到 {local.hour}:{local:%M} 结束；"
        f"要改请发「修改活动 {activity.id}」，下一行写「时间：…」。"
    )


def parse_count(text: str, what: str, *, unlimited_ok: bool = False) -> int | None:
    value = text.strip().removesuffix("人").removesuffix("分").removesuffix("个")
    if unlimited_ok and value in ("不限", "无", "0", ""):
        return None
    if not value.isdigit() or int(value) > 100000:
        raise ActivityError(f"{what}请写一个数字，例如 30。")
    return int(value)


def check_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ActivityError("请写上活动标题，例如「标题：免费测血压」。")
    if len(title) > MAX_TITLE:
        raise ActivityError(f"标题太长了，请控制在 {MAX_TITLE} 字以内。")
    return title


def check_kind(kind: str) -> str:
    kind = kind.strip() or "其他"
    if kind not in KINDS:
        raise ActivityError(f"类型请从这些里选：{'、'.join(KINDS)}。")
    return kind


def pick_venue(text: str, venues: Sequence[Venue]) -> Venue:
    if not venues:
        raise ActivityError("配置里还没有党群阵地（[[venues]]），请先让管理员添加。")
    text = text.strip()
    if not text and len(venues) == 1:
        return venues[0]
    found = [v for v in venues if text in (v.key, v.name)] or [
        v for v in venues if text and text in v.name
    ]
    if len(found) != 1:
        names = "、".join(v.name for v in venues)
        raise ActivityError(f"地点请写阵地的名字：{names}。")
    return found[0]


# ---- which activity a resident means by its title (convofix3 #1) ---------------------------

# A day said with the title: "周六那个义诊", "下周三的讲座", "明天的插花".
_DAY = re.compile(
    r"(?P<next>下个?)?(?:这个?|本)?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天])"
    r"|(?P<rel>今天|明天|后天)"
)
_RELATIVE_DAYS = {"今天": 0, "明天": 1, "后天": 2}
# Words around a title that are not the title: "周六那个义诊", "反诈的活动".
_NOT_TITLE = re.compile(r"那个|这个|那场|这场|那次|的|活动|上午|下午|晚上|\s+")


def titled(
    reference: str,
    activities: Sequence[Activity],
    now: datetime,
    tz: ZoneInfo,
    *,
    loose: bool = True,
) -> list[Activity]:
    """The activities among `activities` that words from a title mean ("反诈", "周六那个义诊").

    A day named ("周六", "下周三", "明天") keeps those on that day. The rest is read against
    each title: titles holding the words come first, then kinds ("反诈" for 反诈宣传); else
    titles sharing two characters in a row with them ("插花体验" for "插花课"). A day alone
    picks by the day. `loose=False` (words that may be other speech) takes whole words only.
    """
    today = now.astimezone(tz).date()
    day = _DAY.search(reference)
    if day is not None:
        activities = [a for a in activities if _on_day(a, day, today, tz)]
    words = _NOT_TITLE.sub("", _DAY.sub("", reference))
    if not words:
        return list(activities) if day is not None else []
    holding = [a for a in activities if words in a.title] or [
        a
        for a in activities
        if words in a.kind  # "反诈那个": a 反诈宣传 activity
    ]
    if holding or not loose:
        return holding
    pairs = {words[i : i + 2] for i in range(len(words) - 1)}
    return [a for a in activities if any(p in a.title for p in pairs)]


def _on_day(activity: Activity, day: re.Match[str], today: date, tz: ZoneInfo) -> bool:
    held = activity.starts_at.astimezone(tz).date()
    if day["rel"]:
        return held == today + timedelta(days=_RELATIVE_DAYS[day["rel"]])
    weekday = WEEKDAYS.index(day["weekday"].replace("天", "日"))
    if held.weekday() != weekday:
        return False
    next_monday = today + timedelta(days=7 - today.weekday())
    # "下周六" is in next week; "周六" the coming one (this week's, or next week's once past).
    if day["next"]:
        return next_monday <= held < next_monday + timedelta(days=7)
    return held < today + timedelta(days=7)
