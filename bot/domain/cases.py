"""Cases (诉求): numbering, lifecycle, same-incident merging and how a case reads in chat."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.likeness import problem_bigrams, same_problem
from bot.domain.safety import different_dangers

CASE_PREFIX = "E"
SUMMARY_LIMIT = 120
# Several voices on one danger arrive within minutes; past this, a fire is another fire.
ONE_EMERGENCY = timedelta(minutes=30)

CATEGORY_LABELS: dict[str, str] = {
    "elevator": "电梯",
    "utilities": "水电气暖",
    "sanitation": "环境卫生",
    "parking": "停车",
    "ebike": "电动车",
    "fire_safety": "消防安全",
    "facilities": "公共设施",
    "noise": "噪音扰民",
    "greenery": "绿化",
    "pets": "宠物",
    "property": "物业服务",
    "neighbor": "邻里纠纷",
    "other": "其他",
}


class CaseStatus(enum.StrEnum):
    ACCEPTED = "accepted"  # 已受理
    RESPONDED = "responded"  # 已响应 (claimed)
    IN_PROGRESS = "in_progress"  # 处理中
    RESOLVED = "resolved"  # 已办结, waiting for the rating
    REVIEWED = "reviewed"  # 已回访 (rated, or closed unrated after the wait)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


STATUS_LABELS = {
    CaseStatus.ACCEPTED: "已受理",
    CaseStatus.RESPONDED: "已响应",
    CaseStatus.IN_PROGRESS: "处理中",
    CaseStatus.RESOLVED: "已办结",
    CaseStatus.REVIEWED: "已回访",
}
OPEN_STATUSES = frozenset({CaseStatus.ACCEPTED, CaseStatus.RESPONDED, CaseStatus.IN_PROGRESS})


class EventKind(enum.StrEnum):
    OPENED = "opened"
    JOINED = "joined"  # another resident reported the same incident
    NOTE = "note"  # the reporter added something
    CLAIMED = "claimed"
    DISPATCHED = "dispatched"
    RETURNED = "returned"  # the claimer handed the case back
    PROGRESS = "progress"
    PLAN = "plan"  # a solution plan (meets the 1-working-day step)
    RESOLVED = "resolved"
    RATED = "rated"
    REOPENED = "reopened"
    UNRATED = "unrated"  # closed after the rating wait with no answer
    DEPT_REPORTED = "dept_reported"  # 部门报到
    DEPT_PROGRESS = "dept_progress"
    # Internal chasing: shown to staff, never in a public 进度 answer.
    NOTIFIED = "notified"
    ESCALATED = "escalated"
    WHISTLED = "whistled"  # 吹哨: the case was sent to a department's webhook
    WEBHOOK_FAILED = "webhook_failed"
    WEBHOOK_DELIVERED = "webhook_delivered"
    RECATEGORIZED = "recategorized"  # staff corrected the category (a labelled example)
    FROM_REVIEW = "from_review"  # opened from a 待确认 message by a person
    # The same thing was fixed before here: the closed case and when, for whoever picks it up.
    REPEAT = "repeat"


EVENT_LABELS: dict[str, str] = {
    EventKind.OPENED: "已受理",
    EventKind.JOINED: "又有居民反映",
    EventKind.NOTE: "居民补充",
    EventKind.CLAIMED: "已响应",
    EventKind.DISPATCHED: "已派单",
    EventKind.RETURNED: "已退回，重新安排",
    EventKind.PROGRESS: "进展",
    EventKind.PLAN: "解决方案",
    EventKind.RESOLVED: "已办结",
    EventKind.RATED: "回访",
    EventKind.REOPENED: "重新办理",
    EventKind.UNRATED: "已回访（未评价）",
    EventKind.DEPT_REPORTED: "部门报到",
    EventKind.DEPT_PROGRESS: "部门进展",
    EventKind.NOTIFIED: "已通知党小组",
    EventKind.ESCALATED: "升级督办",
    EventKind.WHISTLED: "吹哨",
    EventKind.WEBHOOK_FAILED: "吹哨失败",
    EventKind.WEBHOOK_DELIVERED: "部门已接收",
    EventKind.RECATEGORIZED: "更改类别",
    EventKind.FROM_REVIEW: "由待确认转为诉求",
    EventKind.REPEAT: "此前修过",
}
INTERNAL_EVENTS = frozenset(
    {
        EventKind.NOTIFIED,
        EventKind.ESCALATED,
        EventKind.WHISTLED,
        EventKind.WEBHOOK_FAILED,
        EventKind.WEBHOOK_DELIVERED,
        EventKind.RECATEGORIZED,
        EventKind.FROM_REVIEW,
    }
)


class Rating(enum.StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASIC = "basic"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意
    UNRATED = "unrated"  # 未评价 (no answer within the wait)

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_LABELS = {
    Rating.SATISFIED: "满意",
    Rating.BASIC: "基本满意",
    Rating.UNSATISFIED: "不满意",
    Rating.UNRATED: "未评价",
}


@dataclass(eq=False)
class Case:
    estate_id: int
    category: str
    summary: str
    reporter_id: int
    opened_at: datetime
    group_id: int | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    urgent: bool = False
    status: CaseStatus = CaseStatus.ACCEPTED
    assignee_id: int | None = None
    reporters: int = 1
    updated_at: datetime | None = None
    closed_at: datetime | None = None
    # The case lifecycle and the "2341" clock (bot.domain.lifecycle keeps these consistent).
    assigned_at: datetime | None = None
    clock_started_at: datetime | None = None
    notified_at: datetime | None = None  # the building's 党小组 was told
    respond_due: datetime | None = None
    respond_met: datetime | None = None
    respond_fired: datetime | None = None
    reply_due: datetime | None = None
    reply_met: datetime | None = None
    reply_fired: datetime | None = None
    coordinate_due: datetime | None = None
    coordinate_met: datetime | None = None
    coordinate_fired: datetime | None = None
    solution_due: datetime | None = None
    solution_met: datetime | None = None
    solution_fired: datetime | None = None
    next_due: datetime | None = None  # the earliest timer the sweep must act on (indexed)
    escalation_level: int = 0  # rungs climbed on the ladder in this cycle
    breaches: int = 0  # steps missed over the case's life (never reset)
    resolved_at: datetime | None = None
    rating: Rating | None = None
    rated_at: datetime | None = None
    rating_due: datetime | None = None
    reopened: int = 0
    department: str | None = None  # the department key a 吹哨 went to
    dept_reported_at: datetime | None = None
    id: int | None = None

    @property
    def code(self) -> str:
        return format_case_code(self.id or 0)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def place(self) -> str:
        return format_place(self.building, self.unit, self.room)


@dataclass(eq=False)
class CaseEvent:
    case_id: int
    at: datetime
    kind: str
    text: str = ""
    actor_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class Report:
    """What a resident's message says, once classified: the input to opening or joining a case."""

    category: str
    summary: str
    building: str | None
    unit: str | None
    room: str | None
    urgent: bool
    terms: tuple[str, ...] = field(default=())


def format_case_code(case_id: int) -> str:
    return f"{CASE_PREFIX}{case_id:04d}"


_CODE = re.compile(r"^[Ee]\s*0*(\d{1,9})$")


def parse_case_code(token: str) -> int | None:
    """'E0231', 'e231', 'E 0231' -> 231. Full-width input is normalised by the caller."""
    match = _CODE.match(token.strip())
    return int(match[1]) if match and int(match[1]) > 0 else None


def format_place(building: str | None, unit: str | None, room: str | None) -> str:
    parts = []
    if building:
        parts.append(f"{building}号楼")
    if unit:
        parts.append(f"{unit}单元")
    if room:
        parts.append(f"{room}室")
    return "".join(parts)


def same_incident(case: Case, report: Report, now: datetime, window: timedelta) -> bool:
    """Does this report describe the open case (same category, place and problem, within the
    window)?

    Units count only when both sides name one: "3号楼电梯坏了" and "3号楼2单元电梯坏了" are
    one incident, "2单元" and "3单元" are two. Within a category the thing must match too:
    "楼道灯不亮" and "门禁坏了" are both 公共设施 but two problems (`likeness`).
    """
    if not case.status.is_open or case.category != report.category:
        return False
    if case.building is None or case.building != report.building:
        return False
    if case.unit and report.unit and case.unit != report.unit:
        return False
    if (case.urgent or report.urgent) and different_dangers(case.summary, report.summary):
        return False  # "3号楼着火了" and "3号楼燃气泄漏了": two emergencies (F7)
    last_touch = case.updated_at or case.opened_at
    return now - last_touch <= window and same_problem(case.summary, report.summary)


def same_emergency(case: Case, report: Report, now: datetime, window: timedelta) -> bool:
    """Is this urgent report the emergency an open urgent case is about, though a building
    is missing on one side? "地库着火了 大家别下地库" three minutes after "小区地库里有辆电动车
    着火了" is one fire (convo3 D51): same 小区 (the caller's query), category and thing, minutes
    apart, and no two different buildings named. A report that names no danger of its own ("快打
    119吧") is about the emergency going on, whatever category its words suggest."""
    if not (case.status.is_open and case.urgent and report.urgent):
        return False
    if case.category != report.category and problem_bigrams(report.summary):
        return False  # "快打119吧" names no danger of its own: it is about the one going on
    if case.building and report.building and case.building != report.building:
        return False
    if different_dangers(case.summary, report.summary):
        return False  # a fire and a trapped lift minutes apart are two emergencies (F7)
    if case.unit and report.unit and case.unit != report.unit:
        return False  # a fire in 1单元 and smoke in 3单元: two places, two alarms
    last_touch = case.updated_at or case.opened_at
    if (
        case.category == report.category
        and case.building is not None
        and case.building == report.building
        and now - case.opened_at <= ONE_EMERGENCY
    ):
        # "楼道里有烟 好像着火了", "3号楼好大的烟味 快来人", "2单元五楼冒烟了": one building,
        # one kind of danger, minutes apart: the same fire in other words (convofix6 R2).
        return True
    return now - last_touch <= window and same_problem(case.summary, report.summary)


def summarize(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def render_status(
    case: Case, events: list[CaseEvent], tz: ZoneInfo, *, in_group: bool = False
) -> str:
    """The answer to "进度 E0001": no reporter names. The outbox masks phone and room numbers
    by audience; in a group the heading names the building and unit only."""
    place = format_place(case.building, case.unit, None) if in_group else case.place
    head = f"诉求 {case.code} · {case.category_label}"
    if place:
        head += f" · {place}"
    if case.urgent:
        head += " · 紧急"
    lines = [head, f"状态：{case.status.label}", f"内容：{case.summary}"]
    if case.reporters > 1:
        lines.append(f"共 {case.reporters} 位居民反映")
    if case.rating is not None and case.status is CaseStatus.REVIEWED:
        lines.append(f"评价：{case.rating.label}")
    public = [e for e in events if e.kind not in INTERNAL_EVENTS]
    if public:
        lines.append("进展：")
        for event in public[-8:]:
            when = event.at.astimezone(tz).strftime("%m-%d %H:%M")
            label = EVENT_LABELS.get(event.kind, "")
            # A hand-back's reason is between party members; residents see that it moved on.
            shown = event.text if event.kind != EventKind.RETURNED else ""
            detail = shown
            lines.append(f"{when} {' '.join(p for p in (label, detail) if p)}")
    return "\n".join(lines)


_QUOTED_CODE = re.compile(r"(?<![A-Za-z0-9])[Ee]\s*0*(\d{1,9})(?!\d)")


def find_case_code(text: str | None) -> int | None:
    """The first case number in a quoted message ("…编号 E0001（电梯）…" -> 1)."""
    if not text:
        return None
    match = _QUOTED_CODE.search(text)
    return int(match[1]) if match and int(match[1]) > 0 else None
