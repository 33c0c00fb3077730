"""帮办代办: a standing 清单 of services eligible residents ask for again and again.

Unlike a 微心愿 (one wish on a board), a 帮办代办 request names a service of the list, is
done by the 帮办代办队 and is counted in 事项 (requests) and 人次 (people served). A request
is a draft until the resident confirms address and time privately; only then is it offered
to the team. Personal details (address, phone) go to the one who took it, never to a group.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.cases import Rating
from bot.domain.community import Person, Role
from bot.domain.escalation import Rung
from bot.domain.sla import QuietHours

PREFIX = "H"
CARE_FLAGS = ("高龄", "独居", "残疾", "行动不便", "儿童")
FLAGS_KEY = "关爱类别"  # Person.extra: "高龄、独居"
TEAM_KEY = "帮办代办队"  # Person.extra: "是"
DETAILS_LIMIT = 200
LADDER: tuple[Rung, ...] = (Rung.LEADER, Rung.SECRETARY, Rung.STAFF)

_CODE = re.compile(r"^[Hh]\s*0*(\d{1,9})$")
# Words that say when, so "3号楼502 明天上午" splits into an address and a time.
_WHEN = re.compile(
    r"(今天|明天|后天|大后天|今早|今晚|明早|明晚|这周|下周|本周|周[一二三四五六日天]|星期[一二三四五六日天]"
    r"|上午|中午|下午|晚上|早上|傍晚|随时|尽快|越快越好|都行|(?<!\d)\d{1,2}\s*[点:：时](?:\d{1,2}分?|半)?"
    # When she is home is when to come: "全天在家", "一直在家", "白天都有人" (convo10a/b)
    r"|(?:全天|整天|一整天|一天到晚|白天|天天|每天|平时|一直)(?=(?:都|一直)?(?:在家|有人))"
    r"|(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?<!\d)\d{1,2}\s*[日号](?![楼栋院单室]))"
    # The qualifier belongs to the time: "7点以后" is not "7点", "上午都在家" says she waits.
    r"(?:以后|之后|以前|之前|前后|左右)?(?:都|一直)?(?:在家|有人|可以|行)?"
)
# Words around an address that are not part of it: "我住3号楼…", "地址是…".
_ADDRESS_FILLER = re.compile(
    r"(?:^|(?<=\s))(?:我家?住在?|我家在|家住在?|住在|地址(?:是|为)?[:：]?)\s*"
)
# The door at the start of an answer: building, unit and room, in digits or characters.
_NUM = r"(?:\d+|[零〇一二三四五六七八九十两]+)"
_DOOR = re.compile(
    rf"^(?:\d+-\d+(?:-\d+)?|(?:\S{{2,4}}(?:小区|家园|花园))?\s*{_NUM}\s*(?:号楼|栋|幢|座)\s*"
    rf"(?:{_NUM}\s*单元\s*)?(?:{_NUM}\s*(?:室|号|房)?)?)"
)
# The door said with the request itself, as a clause of its own with the room: "…快递在南门驿站；
# 2号楼1单元301 晚上7点以后在家" (the answer to "几号楼" kept with the request, convo11a).
_DOOR_CLAUSE = re.compile(
    rf"(?:^|[；;。，,\s])((?:我家?住在?|我家在|家住在?|住在)?\s*{_NUM}\s*(?:号楼|栋|幢|座)\s*"
    rf"(?:{_NUM}\s*单元\s*)?(?:\d{{3,4}}|[零〇一二三四五六七八九]{{3,4}})(?!\d)\s*(?:室|号|房)?.*)$"
)
_CONTACT = re.compile(r"[,，\s]*(?:电话|手机|联系电话)?[:：]?\s*1\d{10}")
_HOURS = re.compile(r"(\d{1,2}(?:\.\d)?)\s*(?:个)?(?:小时|钟头|h)", re.IGNORECASE)
_PERSONS = re.compile(r"(\d{1,2})\s*(?:人次|人|位)")


class Status(enum.StrEnum):
    DRAFT = "draft"  # 待确认: waiting for the resident's address and time
    OPEN = "open"  # 待接单
    CLAIMED = "claimed"  # 办理中
    DONE = "done"  # 已办结, waiting for the rating
    RATED = "rated"  # 已评价
    CANCELLED = "cancelled"  # 已取消

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DRAFT: "待确认",
    Status.OPEN: "待接单",
    Status.CLAIMED: "办理中",
    Status.DONE: "已办结",
    Status.RATED: "已评价",
    Status.CANCELLED: "已取消",
}
LIVE = (Status.OPEN, Status.CLAIMED)


class EventKind(enum.StrEnum):
    ASKED = "asked"
    CONFIRMED = "confirmed"
    OFFERED = "offered"
    CLAIMED = "claimed"
    PROGRESS = "progress"
    DONE = "done"
    RATED = "rated"
    ESCALATED = "escalated"
    CANCELLED = "cancelled"
    RETURNED = "returned"  # the volunteer gave it back: open again for the team
    REDO = "redo"  # the resident says the done job is not right: back to the same volunteer


class Channel(enum.StrEnum):
    CHAT = "chat"  # 微信
    COUNTER = "counter"  # 窗口登记
    PHONE = "phone"  # 电话登记


CHANNEL_LABELS = {Channel.CHAT: "微信", Channel.COUNTER: "窗口", Channel.PHONE: "电话"}


@dataclass(frozen=True)
class Point:
    """A 帮办代办点."""

    key: str
    name: str
    estate_key: str | None = None
    address: str = ""
    hours: str = ""
    phone: str = ""

    def contact(self) -> str:
        bits = [self.name]
        if self.address:
            bits.append(f"地址：{self.address}")
        if self.hours:
            bits.append(f"时间：{self.hours}")
        if self.phone:
            bits.append(f"电话：{self.phone}")
        return "，".join(bits)


@dataclass(frozen=True)
class Service:
    """One line of the 清单."""

    key: str
    name: str
    point_key: str
    synonyms: tuple[str, ...] = ()
    who: tuple[str, ...] = ()  # care flags; empty: everyone
    respond: timedelta = timedelta(hours=2)  # unclaimed this long: climb the ladder
    turnaround: str = ""  # as shown to residents: "4小时内" / "2个工作日内"
    points: int = 3
    hours: float = 1.0
    description: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)

    def who_label(self) -> str:
        return "所有居民" if not self.who else "、".join(self.who) + "居民"


@dataclass(frozen=True)
class Catalog:
    """The 清单 and its 点, as the config describes them."""

    services: tuple[Service, ...] = ()
    points: tuple[Point, ...] = ()
    team_ids: frozenset[str] = frozenset()  # 微信号 the config puts in the team
    points_rule: str = "邻里互助"
    # The ladder's clock runs in service hours only, as the cases' does ([sla] quiet hours).
    quiet: QuietHours | None = None
    tz: ZoneInfo | None = None

    def service(self, key: str) -> Service | None:
        return next((s for s in self.services if s.key == key), None)

    def point(self, key: str) -> Point | None:
        return next((p for p in self.points if p.key == key), None)

    def match(self, text: str) -> Service | None:
        """The service a request names: the longest name or synonym found in the text.

        People put small words inside a verb and its object ("交一下电费", "拿个快递",
        "买点药") or front the object with 把 ("把快递拿一下"): a word matches through them.
        When two services are named, the one said last is what is wanted ("帮我去医院拿点药"
        wants the medicine, not company to the hospital); at the same place, the longer word.
        """
        folded = _fold(text)
        best: tuple[tuple[int, int], Service] | None = None
        for service in self.services:
            for word in service.words:
                found = _word_pattern(_fold(word)).search(folded)
                rank = (found.end(), len(word)) if found else None
                if rank is not None and (best is None or rank > best[0]):
                    best = (rank, service)
        return best[1] if best else self._apart(folded)

    def _apart(self, folded: str) -> Service | None:
        """A verb-object word said apart (convo3 D15): "降压药吃完了 想请人帮我去药店买两盒"
        is 买药, "帮我交一下这个月的燃气费" 交燃气费. Only when no word matched whole."""
        best: tuple[int, Service] | None = None
        for service in self.services:
            for word in service.words:
                found = _apart_pattern(_fold(word)).search(folded) if _splits(word) else None
                if found is not None and (best is None or found.end() > best[0]):
                    best = (found.end(), service)
        return best[1] if best else None

    def listing(self) -> list[str]:
        return [f"{i}. {s.name}（{s.who_label()}）" for i, s in enumerate(self.services, 1)]


def _fold(text: str) -> str:
    return re.sub(r"[\s，,、。.]+", "", text).lower()


# What may sit inside a verb-object phrase without changing the request: 交一下电费, 拿个快递.
_INSIDE = r"(?:一下|一趟|一点|一些|一个|个|下|点|些|趟)?"


@functools.lru_cache(maxsize=512)
def _word_pattern(word: str) -> re.Pattern[str]:
    """A 清单 word as a pattern: its characters with small words allowed between them, or
    its object fronted by 把 ("把快递拿一下" for 拿快递)."""
    inside = _INSIDE.join(re.escape(c) for c in word)
    if len(word) < 2:
        return re.compile(inside)
    fronted = f"把{re.escape(word[1:])}{_INSIDE}{re.escape(word[0])}"
    return re.compile(f"{inside}|{fronted}")


# Verbs of an errand that may stand apart from their object: 买…药, 药…买, 交…燃气费.
_ERRAND_VERBS = "买拿取送交缴充接剪"
_APART = 8  # at most this many characters between the verb and its object


def _splits(word: str) -> bool:
    return len(word) >= 2 and word[0] in _ERRAND_VERBS and len(word) <= 4


@functools.lru_cache(maxsize=512)
def _apart_pattern(word: str) -> re.Pattern[str]:
    verb, thing = re.escape(word[0]), re.escape(word[1:])
    return re.compile(f"{verb}[^{_ERRAND_VERBS}]{{0,{_APART}}}{thing}|{thing}.{{0,{_APART}}}{verb}")


@dataclass(eq=False)
class HelpRequest:
    estate_id: int
    service_key: str
    service_name: str  # kept as asked, so renaming the 清单 does not rewrite history
    point_key: str
    created_at: datetime
    requester_id: int | None = None  # None: a walk-in entered at the counter
    contact_name: str = ""  # the walk-in's name (or the resident's, for staff lists)
    contact_phone: str = ""  # only from the counter; shown to the one who took it
    building_id: int | None = None
    group_id: int | None = None
    channel: Channel = Channel.CHAT
    status: Status = Status.DRAFT
    address: str = ""
    wanted: str = ""  # the time the resident wants it done
    note: str = ""  # what the resident said
    entered_by: str = ""  # the console user who took it at the counter
    confirmed_at: datetime | None = None
    claimer_id: int | None = None
    claimed_at: datetime | None = None
    done_at: datetime | None = None
    result: str = ""
    persons: int = 1  # 人次
    hours: float = 0.0  # volunteer hours booked
    rating: Rating | None = None
    rated_at: datetime | None = None
    level: int = 0  # rungs of the ladder climbed while unclaimed
    next_due: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def code(self) -> str:
        return format_code(self.id or 0)


@dataclass(eq=False)
class HelpEvent:
    request_id: int
    at: datetime
    kind: str
    text: str = ""
    actor_id: int | None = None
    id: int | None = None


class Refused(Exception):
    """The action does not apply; the message is shown to the person as is."""


def format_code(request_id: int) -> str:
    return f"{PREFIX}{request_id:04d}"


def parse_code(token: str) -> int | None:
    match = _CODE.match(token.strip())
    return int(match[1]) if match and int(match[1]) > 0 else None


# ---- who may ask, who is on the team ----------------------------------------------------


def care_flags(person: Person) -> tuple[str, ...]:
    raw = (person.extra or {}).get(FLAGS_KEY, "")
    return tuple(f for f in CARE_FLAGS if f in raw)


def parse_flags(text: str) -> tuple[str, ...]:
    """'高龄、独居' -> ('高龄', '独居'); ValueError naming an unknown word."""
    words = [w for w in re.split(r"[、,，;；/\s]+", text.strip()) if w]
    unknown = [w for w in words if w not in CARE_FLAGS]
    if unknown:
        raise ValueError(f"关爱类别「{unknown[0][:10]}」不认识，可填：{'、'.join(CARE_FLAGS)}。")
    return tuple(f for f in CARE_FLAGS if f in words)


def eligible(service: Service, person: Person | None) -> bool:
    if not service.who:
        return True
    return person is not None and bool(set(care_flags(person)) & set(service.who))


def on_team(person: Person, catalog: Catalog) -> bool:
    return (person.extra or {}).get(TEAM_KEY) == "是" or person.wechat_id in catalog.team_ids


def door_said(text: str) -> str | None:
    """The address and time said in the request's own words, from its door on; None when
    the words name no door with a room (then the resident is asked for it)."""
    found = _DOOR_CLAUSE.search(text)
    return found[1].strip() if found else None


def split_details(text: str) -> tuple[str, str]:
    """'3号楼502 明天上午' -> ('3号楼502', '明天上午'): time words out, the rest is the place.

    When the answer starts with the door ("1号楼2单元301 下周二早上8点"), everything after
    it is the time, kept whole (convo4 F35 F66 F99, convo3 D57): picking time words out of
    it would lose 二 of 下周二 or 以后 of 三点以后. A phone number said there stays with the
    address."""
    text = " ".join(text.split())[:DETAILS_LIMIT]
    whole = _door_first(text)
    if whole is not None:
        return whole
    address, when, last = [], "", 0
    for found in _WHEN.finditer(text):
        address.append(text[last : found.start()])
        glue = "" if when and found.start() == last else " "
        when = (when + glue + found[0]).strip()
        last = found.end()
    address.append(text[last:])
    place = " ".join("".join(address).replace("，", " ").split())
    return _ADDRESS_FILLER.sub("", place).strip(" ,"), when


def _door_first(text: str) -> tuple[str, str] | None:
    body = _ADDRESS_FILLER.sub("", text, count=1)
    door = _DOOR.match(body)
    if door is None or not door[0].strip():
        return None
    rest = body[door.end() :]
    contacts = [c.strip(" ,，") for c in _CONTACT.findall(rest)]
    rest = _CONTACT.sub(" ", rest)
    when = " ".join(rest.replace("，", " ").replace(",", " ").split())
    if not when or _WHEN.search(when) is None:
        return None  # no time said after the door: the older reading stands
    return " ".join([door[0].strip(), *contacts]), when


def parse_done(text: str, service: Service) -> tuple[float, int, str]:
    """办结 text -> (hours, persons, result): '1.5小时 2人 已缴费' -> (1.5, 2, '已缴费')."""
    hours = service.hours
    persons = 1
    found = _HOURS.search(text)
    if found:
        hours = min(max(float(found[1]), 0.1), 24.0)
        text = text.replace(found[0], " ")
    counted = _PERSONS.search(text)
    if counted:
        persons = min(max(int(counted[1]), 1), 50)
        text = text.replace(counted[0], " ")
    return hours, persons, " ".join(text.split())


# ---- the rules of each step -----------------------------------------------------------------


def check_claim(request: HelpRequest, person: Person, catalog: Catalog) -> None:
    if not on_team(person, catalog) and person.role < Role.STAFF:
        raise Refused("抱歉，接单需要是帮办代办队的队员。想加入请联系支部书记。")
    if person.role < Role.STAFF and person.estate_id != request.estate_id:
        raise Refused(f"帮办 {request.code} 不在您所在的小区，请由本小区的队员接单。")
    if request.status is Status.DRAFT:
        raise Refused(f"帮办 {request.code} 居民还没有确认，暂时不能接单。")
    if request.status is Status.CANCELLED:
        raise Refused(f"帮办 {request.code} 已取消，谢谢您！")
    if request.status in (Status.DONE, Status.RATED):
        raise Refused(f"帮办 {request.code} 已经办结了，谢谢您！")
    if request.requester_id is not None and request.requester_id == person.id:
        raise Refused("不能接自己申请的帮办哦。")


def check_handler(request: HelpRequest, person: Person, verb: str) -> None:
    if request.status in (Status.DONE, Status.RATED):
        raise Refused(f"帮办 {request.code} 已经办结了。")
    if request.status is not Status.CLAIMED:
        raise Refused(f"帮办 {request.code} 还没有人接单，请先发送「接单 {request.code}」。")
    if person.id != request.claimer_id and person.role < Role.STAFF:
        raise Refused(f"帮办 {request.code} 不是您接的单，{verb}由接单的队员发送。")


def check_rating(request: HelpRequest, person: Person) -> None:
    if request.requester_id is None or person.id != request.requester_id:
        raise Refused(f"帮办 {request.code} 的评价由申请的居民本人来做。")
    if request.status is Status.RATED:
        raise Refused(f"帮办 {request.code} 已经评价过了，谢谢您！")
    if request.status is not Status.DONE:
        raise Refused(f"帮办 {request.code} 还没有办结，办好后再请您评价。")


# ---- the ladder while nobody takes it ---------------------------------------------------------


def service_deadline(
    start: datetime, amount: timedelta, quiet: QuietHours | None, tz: ZoneInfo | None
) -> datetime:
    """`amount` of service time after `start`: quiet hours do not count, so nobody is
    chased at night and a request confirmed at 21:00 does not reach the 社区 by morning."""
    if quiet is None or tz is None:
        return start + amount
    at, left = quiet.next_open(start, tz), amount
    for _ in range(400):  # a year of days: bounded whatever the quiet window is
        closes = quiet.next_close(at, tz)
        if at + left < closes:
            return at + left
        left -= closes - at
        at = quiet.next_open(closes, tz)
    return at + left


def service_elapsed(
    start: datetime, end: datetime, quiet: QuietHours | None, tz: ZoneInfo | None
) -> timedelta:
    """Service time between `start` and `end` (quiet hours left out)."""
    if quiet is None or tz is None:
        return end - start
    total, at = timedelta(0), quiet.next_open(start, tz)
    for _ in range(400):
        if at >= end:
            break
        closes = quiet.next_close(at, tz)
        total += min(closes, end) - at
        at = quiet.next_open(closes, tz)
    return total


def schedule(
    request: HelpRequest,
    service: Service | None,
    quiet: QuietHours | None = None,
    tz: ZoneInfo | None = None,
) -> None:
    """Set `next_due`: when the unclaimed request climbs the next rung, or nothing."""
    climbing = request.status is Status.OPEN and request.level < len(LADDER)
    if not climbing or request.confirmed_at is None or service is None:
        request.next_due = None
    else:
        wait = service.respond * (request.level + 1)
        request.next_due = service_deadline(request.confirmed_at, wait, quiet, tz)


def due_level(
    request: HelpRequest,
    now: datetime,
    service: Service,
    quiet: QuietHours | None = None,
    tz: ZoneInfo | None = None,
) -> int:
    """The rung the request should stand on now (0: none yet); after an outage, the top due."""
    if request.status is not Status.OPEN or request.confirmed_at is None:
        return request.level
    waited = service_elapsed(request.confirmed_at, now, quiet, tz)
    reached = int(waited / service.respond) if service.respond > timedelta(0) else 0
    return max(request.level, min(reached, len(LADDER)))


def rung_for(level: int) -> Rung:
    return LADDER[min(max(level, 1), len(LADDER)) - 1]


def public_line(request: HelpRequest, place: str) -> str:
    """What the team sees before taking it: the service and the 楼栋, nothing personal."""
    where = f" · {place}" if place else ""
    wanted = f" · 时间：{request.wanted}" if request.wanted else ""
    return f"{request.code} {request.service_name}{where}{wanted}"


def flags_text(flags: Iterable[str]) -> str:
    return "、".join(flags)


@dataclass(frozen=True)
class Tally:
    """One row of the 台账: 受理事项, 办结事项, 人次, 志愿时长 and the ratings."""

    key: str
    label: str
    accepted: int = 0
    done: int = 0
    persons: int = 0
    hours: float = 0.0
    satisfied: int = 0
    rated: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def tally(
    requests: Sequence[HelpRequest],
    key_of: str,
    labels: dict[str, str],
    start: datetime,
    end: datetime,
) -> list[Tally]:
    """Counts per service ('service'), per 点 ('point') or in all (any other key).

    A request counts as accepted in the month it was confirmed, and as done (with its
    人次 and hours) in the month it was finished, as the seeds' 台账 count them.
    """
    rows: dict[str, dict[str, float]] = {}
    for r in requests:
        key = {"service": r.service_key, "point": r.point_key}.get(key_of, key_of)
        row = rows.setdefault(
            key, {"accepted": 0, "done": 0, "persons": 0, "hours": 0, "sat": 0, "rated": 0}
        )
        if r.confirmed_at is not None and start <= r.confirmed_at < end:
            row["accepted"] += 1
        if r.done_at is not None and start <= r.done_at < end:
            row["done"] += 1
            row["persons"] += r.persons
            row["hours"] += r.hours
            if r.rating is not None and r.rating is not Rating.UNRATED:
                row["rated"] += 1
                row["sat"] += r.rating in (Rating.SATISFIED, Rating.BASIC)
    return [
        Tally(
            key=key,
            label=labels.get(key, key),
            accepted=int(v["accepted"]),
            done=int(v["done"]),
            persons=int(v["persons"]),
            hours=round(v["hours"], 1),
            satisfied=int(v["sat"]),
            rated=int(v["rated"]),
        )
        for key, v in sorted(rows.items(), key=lambda kv: (-kv[1]["accepted"], kv[0]))
    ]
