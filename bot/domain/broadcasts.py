"""Staff broadcasts: who a notice goes to, what it says, and when it leaves.

Targets are written the way staff talk: 全部, a 小区 (兰亭小区 or just 兰亭), a 楼栋 (3号楼,
三号楼, 3栋, 兰亭3号楼) or a group's name, several joined with 、 or a comma. They resolve to
audience tokens ("all", "estate:<id>", "building:<id>", "group:<id>") that activities use too,
and the tokens resolve to groups. Internal 党员群 are never reached by 全部 or a 小区; name one
to include it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.community import Building, Estate, Group, GroupKind
from bot.domain.moments import Unclear, at, read_moment

MAX_NOTICE_CHARS = 1000
EXAMPLE = "通知 全部 明天9:00-15:00停水，请提前储水"
MAX_SCHEDULE_AHEAD = timedelta(days=90)
DRAFT_LIFETIME = timedelta(hours=24)
TARGET_HELP = "对象可以写：全部、小区名（如 兰亭小区）、楼栋（如 3号楼、兰亭3号楼）或群名。"
ALL_WORDS = {"全部", "所有", "所有群", "全体", "全社区", "all"}
_ESTATE_SUFFIXES = ("小区", "家园", "花园", "社区", "苑")
_TARGET_SPLIT = re.compile(r"[、,，+＋/]")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_BUILDING = re.compile(
    r"^(?P<estate>.*?)(?P<num>[0-9]{1,3}|[零一二三四五六七八九十]{1,3})\s*"
    r"(?P<suffix>号楼|号|栋|幢|座|#楼|#)$"
)
# "3" in "3、4号楼": a building number whose 号楼 comes once, after the last one.
_BARE_NUMBER = re.compile(r"^(?P<estate>.*?)(?P<num>[0-9]{1,3}|[一二三四五六七八九十]{1,3})$")
_JOIN_WORD = re.compile(r"以及|和|及|与|跟|还有|、|,|，")
# "3号楼和4号楼", "兰亭3号楼及5号楼": words that join targets like 、 does.
_JOINERS = re.compile(r"(?<=[楼栋幢座号#区园苑0-9一二三四五六七八九十])(?:以及|和|及|与|跟|还有)")


class TargetError(ValueError):
    """A target that cannot be used; the message is shown to staff as is."""


class BroadcastStatus(enum.StrEnum):
    DRAFT = "draft"  # previewed, waiting for 确认
    QUEUED = "queued"  # confirmed: one outbox row per group (maybe scheduled)
    DROPPED = "dropped"  # the draft was abandoned (取消)
    CANCELLED = "cancelled"  # withdrawn after confirming; rows not yet sent were withdrawn


@dataclass(eq=False)
class Broadcast:
    account: str
    actor: str  # who composed it, as the audit log names them
    targets: str  # the targets as a person reads them, e.g. "兰亭小区、锦绣家园3号楼"
    text: str  # exactly what each group receives
    status: BroadcastStatus
    created_at: datetime
    group_ids: list[int] = field(default_factory=list)
    author_id: int | None = None  # the Person, when composed in a chat
    scope_estate_id: int | None = None  # a 支部书记 reaches one 小区
    scheduled_at: datetime | None = None
    confirmed_at: datetime | None = None
    cancelled_at: datetime | None = None
    id: int | None = None

    @property
    def code(self) -> str:
        return f"B{self.id or 0:04d}"

    def expired(self, now: datetime) -> bool:
        return self.status is BroadcastStatus.DRAFT and now - self.created_at > DRAFT_LIFETIME


def parse_broadcast_code(text: str) -> int | None:
    match = re.fullmatch(r"\s*[Bb]\s*0*(\d{1,9})\s*", text)
    return int(match[1]) if match and int(match[1]) > 0 else None


# ---- places: what targets are resolved against -------------------------------------------


@dataclass(frozen=True)
class Places:
    """The community's 小区, 楼栋 and groups (one account's or all), as plain data."""

    estates: Sequence[Estate]
    buildings: Sequence[Building]
    groups: Sequence[Group]

    def estate(self, estate_id: int | None) -> Estate | None:
        return next((e for e in self.estates if e.id == estate_id), None)

    def building(self, building_id: int | None) -> Building | None:
        return next((b for b in self.buildings if b.id == building_id), None)

    def live_groups(self) -> list[Group]:
        return [g for g in self.groups if g.bound and g.left_at is None]


def estate_aliases(estate: Estate) -> set[str]:
    names = {estate.name, estate.key}
    for suffix in _ESTATE_SUFFIXES:
        if estate.name.endswith(suffix) and len(estate.name) > len(suffix) + 1:
            names.add(estate.name.removesuffix(suffix))
    return names


def _number(text: str) -> str | None:
    if text.isdigit():
        return str(int(text))
    if text == "十":
        return "10"
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_CN_DIGITS.get(tens, -100) if tens else 1) * 10 + (
            _CN_DIGITS.get(ones, -100) if ones else 0
        )
        return str(value) if value > 0 else None
    digits = [_CN_DIGITS.get(c) for c in text]
    if any(d is None for d in digits):
        return None
    return str(int("".join(str(d) for d in digits)))


def parse_targets(spec: str, places: Places, scope_estate_id: int | None = None) -> list[str]:
    """Read "全部" / "兰亭小区、3号楼" / "兰亭3、4号楼" into audience tokens, or raise
    TargetError."""
    spec = _JOINERS.sub("、", spec)
    pieces = _complete_pieces([p.strip() for p in _TARGET_SPLIT.split(spec) if p.strip()], places)
    if not pieces:
        raise TargetError(f"请写明发给谁。{TARGET_HELP}")
    tokens: list[str] = []
    for piece in pieces:
        token = _target(piece, places, scope_estate_id)
        if token not in tokens:
            tokens.append(token)
    return tokens


def _complete_pieces(pieces: list[str], places: Places) -> list[str]:
    """Fill in what a list of buildings leaves out, the way people write it (convofix14e):
    "3、4号楼" — the 号楼 written once for all; "兰亭3号楼、4号楼" / "兰亭小区、4号楼" — the
    小区 named once, then meant for the buildings after it."""
    done: list[str] = []
    for i, piece in enumerate(pieces):
        bare = _BARE_NUMBER.match(piece)
        later = next((_BUILDING.match(p) for p in pieces[i + 1 :] if _BUILDING.match(p)), None)
        if bare is not None and later is not None:
            piece = f"{bare['estate']}{bare['num']}{later['suffix']}"
        done.append(piece)
    estate = ""
    for i, piece in enumerate(done):
        if _estate_named(piece, places):
            estate = piece
            continue
        match = _BUILDING.match(piece)
        if match is None:
            continue
        if match["estate"].strip():
            estate = match["estate"].strip()
        elif estate:
            done[i] = f"{estate}{piece}"
    return done


def _estate_named(piece: str, places: Places) -> bool:
    return any(piece in estate_aliases(e) for e in places.estates)


def split_audience(rest: str, places: Places) -> tuple[str, str]:
    """「通知」's words after the command → (targets, body). The audience is every leading word
    that names a place: "兰亭3号楼 4号楼 今晚停电" goes to both buildings (convofix14e: the
    second building used to become the notice's first word, and its group got nothing);
    "3号楼和5号楼：…", "兰亭小区 3号楼 …" (= 兰亭3号楼). The first word is always the audience,
    so a wrong one is answered with what exists."""
    words = rest.strip().split(maxsplit=1)
    targets: list[str] = []
    while words:
        head, tail = words[0], words[1] if len(words) > 1 else ""
        spec, colon, after = (
            re.split(r"([:：])", head, maxsplit=1) if re.search(r"[:：]", head) else [head, "", ""]
        )
        if targets and not colon and _JOIN_WORD.fullmatch(spec):
            following = tail.split(maxsplit=1)
            if following and _names_places(re.split(r"[:：]", following[0])[0], places):
                words = following
                continue  # "兰亭3号楼 和 4号楼": the joiner stands alone
        if targets and (targets[-1] in ALL_WORDS or not _names_places(spec, places)):
            break  # after 全部 nothing more can be meant: "通知 全部 3号楼 明天电梯检修"
        targets.append(spec)
        if colon:
            return _join_targets(targets, places), f"{after} {tail}".strip()
        words = tail.split(maxsplit=1)
    body = " ".join(words)
    return _join_targets(targets, places), body.lstrip(":： ")


def _names_places(word: str, places: Places) -> bool:
    pieces = [p for p in _TARGET_SPLIT.split(_JOINERS.sub("、", word)) if p]
    group_names = {g.topic for g in places.live_groups()}
    return bool(pieces) and all(
        p in ALL_WORDS
        or p in group_names
        or _estate_named(p, places)
        or _building_named(p, places, last=i == len(pieces) - 1)
        or (_BARE_NUMBER.match(p) and i < len(pieces) - 1)
        for i, p in enumerate(pieces)
    )


def _building_named(piece: str, places: Places, *, last: bool) -> bool:
    """A building after the first word: its prefix must be a 小区, and a last "5号" alone is
    a date ("通知 兰亭小区 5号 全天停水"), not a building."""
    match = _BUILDING.match(piece)
    if match is None or (last and match["suffix"] == "号"):
        return False
    prefix = match["estate"].strip()
    return not prefix or _estate_named(prefix, places)


def _join_targets(words: list[str], places: Places) -> str:
    """Words joined for parse_targets; a 小区 alone in front of buildings is their prefix
    ("兰亭小区 3号楼" means 兰亭小区3号楼, not the whole 小区)."""
    words = [_JOINERS.sub("、", w) for w in words]
    if len(words) > 1 and _estate_named(words[0], places) and _BUILDING.match(words[1]):
        words = [words[0] + words[1], *words[2:]]
    return "、".join(words)


def _target(piece: str, places: Places, scope: int | None) -> str:
    scoped = [e for e in places.estates if scope is None or e.id == scope]
    if piece in ALL_WORDS:
        return f"estate:{scope}" if scope is not None else "all"
    group = next((g for g in places.live_groups() if g.topic == piece), None)
    if group is not None:
        if scope is not None and group.estate_id != scope:
            raise TargetError(f"「{piece}」不在您负责的小区，不能发送。")
        return f"group:{group.id}"
    for estate in places.estates:
        if piece in estate_aliases(estate):
            if scope is not None and estate.id != scope:
                raise TargetError(f"您只能给{_scope_name(places, scope)}发通知。")
            return f"estate:{estate.id}"
    match = _BUILDING.match(piece)
    if match is not None:
        number = _number(match["num"])
        prefix = match["estate"].strip()
        estates = scoped
        if prefix:
            estates = [e for e in places.estates if prefix in estate_aliases(e)]
            if not estates:
                raise TargetError(f"没有找到小区「{prefix}」。")
            if scope is not None and estates[0].id != scope:
                raise TargetError(f"您只能给{_scope_name(places, scope)}发通知。")
        found = [b for b in places.buildings if b.number == number and b.estate_id in _ids(estates)]
        if not found:
            where = "、".join(
                f"{e.name}有{_numbers(places, e)}" for e in estates if _numbers(places, e)
            )
            raise TargetError(f"没有找到「{piece}」。{where}。".replace("。。", "。"))
        if len(found) > 1:
            options = "、".join(f"{_short(places.estate(b.estate_id))}{b.name}" for b in found)
            raise TargetError(f"有好几个「{piece}」，请写清楚是哪个小区的：{options}。")
        building = found[0]
        if not any(g.building_id == building.id for g in places.live_groups()):
            home = places.estate(building.estate_id)
            name = home.name if home else ""
            raise TargetError(f"{name}{building.name}还没有楼栋群，可以改发「{name}」。")
        return f"building:{building.id}"
    raise TargetError(f"没有找到「{piece}」。{TARGET_HELP}")


def _ids(estates: Sequence[Estate]) -> set[int | None]:
    return {e.id for e in estates}


def _numbers(places: Places, estate: Estate) -> str:
    numbers = [b.number for b in places.buildings if b.estate_id == estate.id]
    return "、".join(numbers) + "号楼" if numbers else ""


def _short(estate: Estate | None) -> str:
    if estate is None:
        return ""
    aliases = sorted(estate_aliases(estate) - {estate.key}, key=len)
    return aliases[0] if aliases else estate.name


def _scope_name(places: Places, scope: int) -> str:
    estate = places.estate(scope)
    return estate.name if estate else "本小区"


def resolve_groups(tokens: Sequence[str], places: Places) -> list[Group]:
    """The groups an audience reaches, each once, in a stable order."""
    chosen: dict[int, Group] = {}
    for token in tokens:
        kind, _, raw = token.partition(":")
        ref = int(raw) if raw.isdigit() else None
        for group in places.live_groups():
            if group.id is None:
                continue
            resident = group.kind is not GroupKind.PARTY
            if (
                (kind == "all" and resident)
                or (kind == "estate" and resident and group.estate_id == ref)
                or (kind == "building" and group.building_id == ref)
                or (kind == "group" and group.id == ref)
            ):
                chosen[group.id] = group
    return [chosen[k] for k in sorted(chosen)]


def describe_targets(tokens: Sequence[str], places: Places) -> str:
    names = []
    for token in tokens:
        kind, _, raw = token.partition(":")
        ref = int(raw) if raw.isdigit() else None
        if kind == "all":
            names.append("全部")
        elif kind == "estate":
            estate = places.estate(ref)
            names.append(estate.name if estate else token)
        elif kind == "building":
            building = places.building(ref)
            estate = places.estate(building.estate_id) if building else None
            names.append(f"{estate.name if estate else ''}{building.name if building else token}")
        elif kind == "group":
            group = next((g for g in places.groups if g.id == ref), None)
            names.append(group.topic if group else token)
    return "、".join(names)


# ---- the text ---------------------------------------------------------------------------


def check_notice(text: str) -> str:
    """The body as it will be sent (trimmed), or TargetError saying what is wrong."""
    body = text.strip()
    if not body:
        raise TargetError(f"通知内容是空的。请在对象后面写上内容，例如：{EXAMPLE}")
    if len(body) > MAX_NOTICE_CHARS:
        raise TargetError(
            f"通知太长了（{len(body)} 字），请控制在 {MAX_NOTICE_CHARS} 字以内，或分成几条发送。"
        )
    return body


def render_notice(body: str, community: str) -> str:
    return f"【{community}通知】\n{body}"


def render_preview(broadcast: Broadcast, groups: Sequence[Group], tz: ZoneInfo) -> str:
    """What staff see before confirming: the groups, the count, the text exactly as sent."""
    shown = "、".join(g.topic for g in groups[:20])
    more = f" 等 {len(groups)} 个群" if len(groups) > 20 else ""
    when = (
        f"定时发送：{format_when(broadcast.scheduled_at, tz)}"
        if broadcast.scheduled_at
        else "确认后立即开始发送（每个群间隔几秒，避免被微信限制）"
    )
    return "\n".join(
        [
            f"通知 {broadcast.code} 预览",
            f"发送对象：{broadcast.targets}，共 {len(groups)} 个群",
            f"群名：{shown}{more}",
            when,
            "———— 群里看到的内容 ————",
            broadcast.text,
            "————————————",
            f"回复「确认」发送，回复「取消」作废（也可写「确认 {broadcast.code}」）。",
        ]
    )


def format_when(when: datetime | None, tz: ZoneInfo) -> str:
    if when is None:
        return ""
    local = when.astimezone(tz)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


# ---- schedule ----------------------------------------------------------------------------

_DATE_WORDS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}


def schedule_example(now: datetime, tz: ZoneInfo) -> str:
    """The 定时 example shown to staff: tomorrow's date, so following it never schedules into
    the past (convofix14e: at 23:30 the old fixed example named a day already gone)."""
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    return f"定时 {tomorrow:%Y-%m-%d} 08:00 通知 对象 内容"


def parse_schedule_words(words: str, now: datetime, tz: ZoneInfo) -> datetime:
    """The time between 定时 and 通知, as staff write it: "2026-12-01 08:00", "明天 8点", or in
    words the way 议事会 takes them, "明天早上7点", "周五下午三点半" (convofix14e)."""
    parts = words.split()
    if len(parts) == 2:
        try:
            return parse_schedule(parts[0], parts[1], now, tz)
        except TargetError as exc:
            if "看不懂" not in str(exc):
                raise
    try:
        moment = read_moment(words, now, tz)
        when = at(moment, None, tz) if not moment.rest else None
    except Unclear as unclear:
        raise TargetError(f"{unclear}（{_schedule_help(now, tz)}）") from None
    if when is None:
        raise TargetError(f"定时的时间看不懂。{_schedule_help(now, tz)}")
    return _checked(when, now, tz)


def _schedule_help(now: datetime, tz: ZoneInfo) -> str:
    return f"请写成：{schedule_example(now, tz)}（也可写「明天早上7点」「12-05 19:30」）。"


def parse_schedule(day: str, clock_time: str, now: datetime, tz: ZoneInfo) -> datetime:
    """ "2026-12-01 08:00", "12-01 8:00", "12月1日 8:00", "明天 8:00" → an aware time."""
    today = now.astimezone(tz).date()
    when_date = _parse_date(day.strip(), today)
    when_time = _parse_time(clock_time.strip())
    if when_date is None or when_time is None:
        raise TargetError(f"定时的时间看不懂。{_schedule_help(now, tz)}")
    return _checked(datetime.combine(when_date, when_time, tzinfo=tz), now, tz)


def _checked(when: datetime, now: datetime, tz: ZoneInfo) -> datetime:
    if when <= now:
        raise TargetError(f"{format_when(when, tz)} 已经过去了，请换一个以后的时间。")
    if when - now > MAX_SCHEDULE_AHEAD:
        raise TargetError("定时最多只能提前 90 天。")
    return when


def _parse_date(text: str, today: date) -> date | None:
    if text in _DATE_WORDS:
        return today + timedelta(days=_DATE_WORDS[text])
    match = re.fullmatch(r"(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?", text)
    if match is None:
        return None
    year = int(match[1]) if match[1] else today.year
    try:
        found = date(year, int(match[2]), int(match[3]))
    except ValueError:
        return None
    if not match[1] and found < today:  # "01-05" written in December means next January
        found = found.replace(year=year + 1)
    return found


def _parse_time(text: str) -> time | None:
    match = re.fullmatch(r"(\d{1,2})(?:[:：](\d{2})|点(半|(\d{1,2})分?)?)", text)
    if match is None:
        return None
    hour = int(match[1])
    minute = int(match[2]) if match[2] else 30 if match[3] == "半" else int(match[4] or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


# "确认 但是时间改一下": the preview's answer asks for a change, so it is no 确认 (convofix11a).
_CHANGE = re.compile(r"改|换|调整|不对|错了|重新|重写|等等|等一下|先别|先不|别发|加上|加一句|删")
_NO_CHANGE = re.compile(r"不用改|不改|别改|无需|不需要改|没错|不用换")
CHANGE_ASKED = (
    "好的，通知 {code} 先不发。要改什么？请把改好的通知重新发我"
    "（例如「通知 全部 明天下午2点到5点停水」），我会再给您预览；"
    "不用改了就回复「确认」发送，不发了回复「取消」。"
)


def asks_change(text: str) -> bool:
    """Whether words said with (or instead of) 确认 ask for the notice to be changed."""
    return bool(_CHANGE.search(text)) and not _NO_CHANGE.search(text)


# "写错了 通知 3号楼 …", "改一下 通知 …", "不好意思 刚才那条打错了，通知 …" (convofix13b): the
# staff member re-sends a notice with a correction in front. The notice after the words is a
# new 「通知 …」 command: it replaces the pending draft and gets its own preview; the draft the
# staff member called wrong is never the one 确认 sends.
_MARKS = r"\s,.!?;:~…\-—·、，。！？；：～“”‘’\"'（）()【】\[\]"
_CORRECTION = re.compile(
    rf"^(?:[{_MARKS}]*(?:不好意思|抱歉|对不起|sorry|哎呀?|呃+|啊+)?[{_MARKS}]*"
    r"(?:刚才|上面|前面|上一条|那条|这条|刚刚)?(?:的|那条|发的)?(?:通知)?"
    r"(?:写错了?|打错了?|发错了?|弄错了?|说错了?|输错了?|有误|错了|不对|有错"
    r"|改一下|改下|改改|改成|改为|更正(?:一下)?|修改(?:一下)?|纠正(?:一下)?"
    r"|重新发(?:一下|一遍)?|重发(?:一下|一遍)?|应该是|正确的是|以这条为准|以下为准)"
    rf"(?:了|啦|一下|下|哈|哦|吧)*[{_MARKS}]*)+"
    r"(?=(?:定时|通知|群发)\s*\S)"
)


def corrected_notice(text: str) -> str | None:
    """The 「通知 …」 (or 「定时 … 通知 …」) command a correction stands in front of, else None."""
    found = _CORRECTION.match(text)
    if found is None:
        return None
    return text[found.end() :].strip() or None
