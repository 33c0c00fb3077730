"""微心愿: a resident's small wish, claimed by a party member, confirmed by the requester.

A wish is private by default: only the party members of its group hear of it until the
requester agrees to show it in the group. Whatever is shown anywhere public is the masked
`summary`, never the raw text (phone numbers, ID numbers and room numbers are removed).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.community import Person, Role
from bot.domain.privacy import mask_personal

WISH_PREFIX = "W"
SUMMARY_LIMIT = 60
TEXT_LIMIT = 500
MIN_TEXT = 4  # "心愿 好" says nothing a party member could act on
MAX_WAITING = 10  # open wishes per person; config [wishes] max_waiting

# "心愿：" / "#微心愿 " and friends at the start of an explicit wish.
_LEAD = re.compile(r"^\s*#?\s*(?:微心愿|小心愿|心愿)\s*[:：,，、#]?\s*")
# A room number on its own ("502", "502室", "3-502"), but not "3号楼" or a year like "2026年".
_ROOM = re.compile(r"(?<![\d*])(?:\d{1,2}-)?\d{3,4}(?:室|房|号(?![楼栋院]))?(?![\d*年月日号栋楼])")
_CODE = re.compile(r"^[Ww]\s*0*(\d{1,9})$")


class WishStatus(enum.StrEnum):
    OPEN = "open"  # 待认领
    CLAIMED = "claimed"  # 已认领
    FULFILLED = "fulfilled"  # 已实现
    WITHDRAWN = "withdrawn"  # 已撤回 by the requester

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in (WishStatus.OPEN, WishStatus.CLAIMED)


STATUS_LABELS = {
    WishStatus.OPEN: "待认领",
    WishStatus.CLAIMED: "已认领",
    WishStatus.FULFILLED: "已实现",
    WishStatus.WITHDRAWN: "已撤回",
}


class WishEventKind(enum.StrEnum):
    POSTED = "posted"
    SHOWN = "shown"  # the requester agreed to show it in the group
    HIDDEN = "hidden"
    CLAIMED = "claimed"
    REOFFERED = "reoffered"  # unclaimed after the first wait: offered again
    REPORTED = "reported"  # unclaimed after the second wait: the 支部书记 was told
    FULFILLED = "fulfilled"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class WishTimings:
    reoffer_after: timedelta = timedelta(days=3)
    report_after: timedelta = timedelta(days=7)
    max_waiting: int = MAX_WAITING  # wishes one person may have open (待认领 or 已认领)


@dataclass(eq=False)
class Wish:
    estate_id: int
    requester_id: int
    text: str  # what the resident wrote: shown only to the claimer and staff
    summary: str  # masked and shortened: the only form shown in groups and lists
    created_at: datetime
    group_id: int | None = None
    building_id: int | None = None
    status: WishStatus = WishStatus.OPEN
    public: bool = False  # the requester agreed to show it in the group
    claimer_id: int | None = None
    claimed_at: datetime | None = None
    fulfilled_at: datetime | None = None
    confirmed_by: int | None = None  # the requester, or staff on their behalf
    reoffered_at: datetime | None = None
    reported_at: datetime | None = None
    next_due: datetime | None = None  # the sweep's one indexed timer
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def code(self) -> str:
        return format_wish_code(self.id or 0)


@dataclass(eq=False)
class WishEvent:
    wish_id: int
    at: datetime
    kind: str
    text: str = ""
    actor_id: int | None = None
    id: int | None = None


class WishRefused(Exception):
    """The action does not apply; the message is shown to the person as is."""


def format_wish_code(wish_id: int) -> str:
    return f"{WISH_PREFIX}{wish_id:04d}"


def parse_wish_code(token: str) -> int | None:
    """'W0012', 'w12', 'W 0012' -> 12."""
    match = _CODE.match(token.strip())
    return int(match[1]) if match and int(match[1]) > 0 else None


def wish_text(raw: str) -> str:
    """The wish itself: the '#微心愿' / '心愿：' lead removed, whitespace folded, bounded."""
    text = " ".join(_LEAD.sub("", raw, count=1).split())
    return text[:TEXT_LIMIT]


def public_summary(text: str) -> str:
    """What may be shown publicly: phone, ID and room numbers masked, shortened."""
    masked = _ROOM.sub("***", mask_personal(text))
    return masked if len(masked) <= SUMMARY_LIMIT else masked[: SUMMARY_LIMIT - 1] + "…"


def validate_text(text: str) -> None:
    if len(text) < MIN_TEXT:
        raise WishRefused("请把心愿写具体一些，例如「心愿 想请人帮忙把冬天的被子晒一晒」。")


def check_room(waiting: int, limit: int) -> None:
    """A person with `limit` wishes still open posts no more until one comes true."""
    if waiting >= limit:
        raise WishRefused(
            f"您已有{waiting}个微心愿在等待认领或实现，请等已有心愿实现后再提新的"
            "（不需要的可以发「撤回心愿 W编号」撤回）。"
        )


# ---- the clock: re-offer after 3 days, report to the 支部书记 after 7 --------------------


def schedule(wish: Wish, timings: WishTimings) -> None:
    """Set `next_due`: the next thing the sweep must do for this wish, or nothing."""
    if wish.status is not WishStatus.OPEN:
        wish.next_due = None
    elif wish.reoffered_at is None:
        wish.next_due = wish.created_at + timings.reoffer_after
    elif wish.reported_at is None:
        wish.next_due = wish.created_at + timings.report_after
    else:
        wish.next_due = None


def due_action(wish: Wish, now: datetime, timings: WishTimings) -> str | None:
    """'report', 'reoffer' or None. After a long outage only the report is sent."""
    if wish.status is not WishStatus.OPEN:
        return None
    if wish.reported_at is None and now >= wish.created_at + timings.report_after:
        return "report"
    if wish.reoffered_at is None and now >= wish.created_at + timings.reoffer_after:
        return "reoffer"
    return None


# ---- who may do what ----------------------------------------------------------------------


def check_claim(wish: Wish, person: Person) -> None:
    """The claiming rules of cases: a party member of the wish's 小区 (staff anywhere)."""
    if person.role < Role.STAFF and person.estate_id != wish.estate_id:
        # The words a missing code gets: another 小区 learns nothing of this wish (harden15b).
        raise WishRefused(f"没有找到微心愿 {wish.code}，请核对编号。")
    if person.role < Role.MEMBER:
        raise WishRefused("抱歉，认领微心愿需要党员身份。")
    if wish.status is WishStatus.FULFILLED:
        raise WishRefused(f"微心愿 {wish.code} 已经实现了，谢谢您的热心！")
    if wish.status is WishStatus.WITHDRAWN:
        raise WishRefused(f"微心愿 {wish.code} 已被撤回。")
    if wish.requester_id == person.id:
        raise WishRefused("不能认领自己的微心愿哦。")


def may_confirm(wish: Wish, person: Person) -> bool:
    """The requester, or staff on their behalf (a 支部书记 for their own 小区)."""
    if person.id == wish.requester_id or person.role >= Role.STAFF:
        return True
    return person.role is Role.SECRETARY and person.estate_id == wish.estate_id


def check_fulfil(wish: Wish, person: Person) -> None:
    if not may_confirm(wish, person):
        raise WishRefused("「已实现」由心愿人本人（或社区工作人员代为）确认。")
    if wish.status is WishStatus.FULFILLED:
        raise WishRefused(f"微心愿 {wish.code} 已经确认实现了。")
    if wish.status is WishStatus.WITHDRAWN:
        raise WishRefused(f"微心愿 {wish.code} 已被撤回。")


def wall_line(wish: Wish, place: str) -> str:
    """One line of the 心愿墙: no name, no room, masked text."""
    where = f" · {place}" if place else ""
    return f"{wish.code}{where} · {wish.summary} · {wish.status.label}"
