"""A vote (V0001) as the bot keeps it, the electorate built from the roster's households,
and the words residents use to vote.

Who is an elector (票权, the way the official owner-voting platforms count it):

- per household (the default): the units of a 楼栋 or 小区 are grouped by their owner set. An
  owner holding several units alone is one elector with the sum of their areas; a co-owned unit
  is one elector, whose ballot any one of its co-owners casts — the last ballot cast by any of
  them stands, as a re-vote of the household would;
- per person (a setting, for simple-majority questions only): every verified household member.

Only verified units count (matched to the roster, with an area and at least one owner).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from zoneinfo import ZoneInfo

from bot.domain.deliberation.voting import Elector, Rule

DEFAULT_OPTIONS = ("同意", "反对", "弃权")
MAX_OPTIONS = 9
CODE = re.compile(r"[Vv]\s*0*(\d{1,6})")


@dataclass(frozen=True)
class VoteSchedule:
    """From the config: the 公示 (异议) period after closing, and the community's time zone."""

    objection_days: int = 7
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))


class VoteError(ValueError):
    """A request about a vote that cannot be honoured; the text is the Chinese answer."""


class VoteStatus(enum.StrEnum):
    SCHEDULED = "scheduled"  # created, not yet open
    OPEN = "open"
    PUBLICITY = "publicity"  # counted, preliminary 公示 posted, 异议 may be raised
    FINAL = "final"  # result frozen and posted

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    VoteStatus.SCHEDULED: "未开始",
    VoteStatus.OPEN: "投票中",
    VoteStatus.PUBLICITY: "公示期",
    VoteStatus.FINAL: "已公布",
}


class BallotUnit(enum.StrEnum):
    HOUSEHOLD = "household"
    PERSON = "person"

    @property
    def label(self) -> str:
        return "每户一票" if self is BallotUnit.HOUSEHOLD else "每人一票"


@dataclass(eq=False)
class Vote:
    estate_id: int
    title: str
    options: list[str]
    agree_option: str
    opens_at: datetime
    closes_at: datetime
    created_at: datetime
    created_by: str
    building_id: int | None = None  # None: the whole 小区
    topic_code: str | None = None  # the 议题 it decides (Y0001), when there is one
    unit: BallotUnit = BallotUnit.HOUSEHOLD
    secret: bool = True
    rule: Rule = Rule.SIMPLE
    min_turnout: int = 0  # percent, for the simple-majority rule
    status: VoteStatus = VoteStatus.SCHEDULED
    opened_at: datetime | None = None
    counted_at: datetime | None = None
    objection_until: datetime | None = None
    finalized_at: datetime | None = None
    electorate_count: int = 0
    electorate_area: Decimal = Decimal(0)
    result: dict[str, object] = field(default_factory=dict)
    publicity_text: str = ""
    final_text: str = ""
    id: int | None = None

    @property
    def code(self) -> str:
        return vote_code(self.id or 0)

    @property
    def turnout(self) -> Fraction:
        return Fraction(self.min_turnout, 100)


def vote_code(number: int) -> str:
    return f"V{number:04d}"


def parse_code(text: str) -> int | None:
    """V0001, v1, V 1 → 1."""
    match = CODE.fullmatch(text.strip())
    return int(match[1]) if match else None


_CHOICE_DECOR = " \t\n:：,，、。.!！~～…\"“”'‘’「」【】()（）"
# "我投", "我家我投", "我想改成": who chooses and how, before the option.
_CHOICE_WORDS = re.compile(
    r"^(?:我们?家?)?(?:我)?(?:还是|想|要)?(?:改成|改为|改投|选择|选|投)?(?:票)?\s*|(?:号|项|票)$"
)
_EMOJI = re.compile(r"[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]+")
# Words people use for the usual options, when the vote has that option and not the word.
_SYNONYMS = {
    "不同意": "反对",
    "不赞成": "反对",
    "不支持": "反对",
    "赞成": "同意",
    "支持": "同意",
    "反对": "不同意",  # a vote whose options are 同意/不同意 (convo15 vote_against_reason)
}
_CLAUSE_SPLIT = re.compile(r"[\s:：,，、。.!！~～…]+")
_CLAUSE_END = re.compile(r"[吧了啊呀的哈]+$")
_REMARK_START = re.compile(r"^[\s:：,，、。.!！~～…]|^$")


def parse_choice(text: str, options: Sequence[str]) -> str | None:
    """The option a resident means: its number (1, 2 …) or its words (同意), with punctuation,
    "选"/"号" and a remark around it ("：同意", "选1", "1号", "不同意 我改主意了")."""
    text = _CHOICE_WORDS.sub("", _EMOJI.sub(" ", text).strip(_CHOICE_DECOR)).strip(_CHOICE_DECOR)
    if text.isdigit():
        index = int(text)
        return options[index - 1] if 1 <= index <= len(options) else None
    if text in options:
        return text
    # The option first, then a remark: the longest option wins ("不同意…" is not "同意").
    for option in sorted(options, key=len, reverse=True):
        if text.startswith(option) and _REMARK_START.match(text[len(option) :]):
            return option
    head = re.match(r"(\d+)(?:号|项)?[\s:：,，、。.!！]", text)
    if head is not None and 1 <= int(head[1]) <= len(options):
        return options[int(head[1]) - 1]
    return _in_words(text, options)


# Between two choices: "1 2", "1、2", "选1和2", "同意和反对", "1或2都行".
_CHOICES_SPLIT = re.compile(r"[\s,，、/／+＋&;；]+|和|及|与|跟|或者?|还有|加")
_CHOICES_END = re.compile(r"(?:都行|都可以|都要|都选|都投|两个都|都)[吧了啊呀哈]*$")


def several_choices(text: str, options: Sequence[str]) -> tuple[str, ...]:
    """The options a text names when it names more than one ("1 2", "选1和2", "同意和反对"),
    else (). Every part must be a choice: "1 我改主意了" is one choice and a remark."""
    text = _EMOJI.sub(" ", text).strip(_CHOICE_DECOR)
    if not text or text in options:
        return ()
    text = _CHOICES_END.sub("", _CHOICE_WORDS.sub("", text)).strip(_CHOICE_DECOR)
    parts = [p for p in _CHOICES_SPLIT.split(text) if p.strip(_CHOICE_DECOR)]
    if len(parts) < 2:
        return ()
    words = {o: o for o in options} | {w: o for w, o in _SYNONYMS.items() if o in options}
    named: list[str] = []
    for part in parts:
        part = _CHOICE_WORDS.sub("", part.strip(_CHOICE_DECOR)).strip(_CHOICE_DECOR)
        part = _CLAUSE_END.sub("", part)
        if part.isdigit():
            index = int(part)
            named.append(options[index - 1] if 1 <= index <= len(options) else part)
        elif part in words:
            named.append(words[part])
        else:
            return ()
    distinct = tuple(dict.fromkeys(named))
    return distinct if len(distinct) > 1 else ()


def _in_words(text: str, options: Sequence[str]) -> str | None:
    """The one option the text's clauses name, in its words or the usual ones ("不同意" for
    反对): "同意加装 同意", "不同意 一楼装了电梯没用还挡光". Two different ones: None."""
    words = dict.fromkeys(options, "") | {
        word: option for word, option in _SYNONYMS.items() if option in options
    }
    named: set[str] = set()
    for clause in _CLAUSE_SPLIT.split(text):
        clause = _CLAUSE_END.sub("", _CHOICE_WORDS.sub("", clause))
        for word in sorted(words, key=len, reverse=True):
            if clause == word or (clause.startswith(word) and word in _SYNONYMS):
                named.add(words[word] or word)
                break
    return named.pop() if len(named) == 1 else None


def options_text(options: Sequence[str]) -> str:
    return "  ".join(f"{i}. {o}" for i, o in enumerate(options, start=1))


# ---- the electorate ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """A verified unit as the roster has it: its area, its owners and everyone living there."""

    household_id: int
    label: str  # 3号楼1单元101
    area: Decimal
    owners: frozenset[int]
    members: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Seat:
    """One elector of a vote: the key the ballot is filed under, and who may cast it."""

    elector: Elector
    label: str
    voters: frozenset[int]


def build_electorate(holdings: Iterable[Holding], unit: BallotUnit) -> list[Seat]:
    units = [h for h in holdings if h.owners]
    if unit is BallotUnit.PERSON:
        people: dict[int, list[str]] = {}
        for h in units:
            for person in h.owners | h.members:
                people.setdefault(person, []).append(h.label)
        return [
            Seat(Elector(f"p{p}", Decimal(0)), "、".join(labels), frozenset({p}))
            for p, labels in sorted(people.items())
        ]
    by_owners: dict[frozenset[int], list[Holding]] = {}
    for h in units:
        by_owners.setdefault(h.owners, []).append(h)
    seats = []
    for owners, group in by_owners.items():
        group.sort(key=lambda h: h.household_id)
        key = (
            f"h{group[0].household_id}"
            if len(group) == 1
            else "o" + "-".join(str(o) for o in sorted(owners))
        )
        area = sum((h.area for h in group), Decimal(0))
        label = "、".join(h.label for h in group)
        seats.append(Seat(Elector(key, area), label, owners))
    return sorted(seats, key=lambda s: s.label)


# ---- the 新投票 form --------------------------------------------------------------------------

FORM_EXAMPLE = (
    "新投票\n标题：是否加装3号楼电梯\n范围：3号楼（或 小区）\n"
    "截止：2026-12-10 20:00\n选项：同意 反对 弃权\n规则：278（或 278特别、简单多数）\n"
    "记名：否\n按：户（或 人）\n最低参与率：50%\n议题：Y0001"
)
FORM_KEYS = {
    "标题": "title",
    "题目": "title",
    "范围": "scope",
    "对象": "scope",
    "开始": "opens",
    "截止": "closes",
    "结束": "closes",
    "选项": "options",
    "同意项": "agree",
    "规则": "rule",
    "记名": "open",
    "不记名": "secret",
    "按": "unit",
    "计票": "unit",
    "最低参与率": "turnout",
    "参与率": "turnout",
    "议题": "topic",
}
RULE_WORDS = {
    "简单多数": Rule.SIMPLE,
    "多数": Rule.SIMPLE,
    "278": Rule.ART278,
    "一般": Rule.ART278,
    "民法典": Rule.ART278,
    "278特别": Rule.ART278_SPECIAL,
    "特别": Rule.ART278_SPECIAL,
    "重大": Rule.ART278_SPECIAL,
}
_YES = {"是", "要", "对", "yes", "y", "1"}
_NO = {"否", "不", "不要", "no", "n", "0"}


def parse_form(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        parts = re.split(r"[:：]", line, maxsplit=1)
        if len(parts) != 2:
            raise VoteError(f"这一行看不懂：「{line[:30]}」。每行写「项目：内容」。")
        name, value = parts
        key = FORM_KEYS.get(name.strip())
        if key is None:
            raise VoteError(f"不认识的项目「{name.strip()[:10]}」。可写：{'、'.join(FORM_KEYS)}。")
        fields[key] = value.strip()
    return fields


def parse_options(text: str) -> list[str]:
    options = [o for o in re.split(r"[\s,，、/]+", text.strip()) if o]
    if not 2 <= len(options) <= MAX_OPTIONS:
        raise VoteError(f"选项要有 2 到 {MAX_OPTIONS} 个，用空格隔开，例如「同意 反对 弃权」。")
    if len(set(options)) != len(options) or any(o.isdigit() or len(o) > 20 for o in options):
        raise VoteError("选项不能重复，不能是纯数字，每个最多 20 个字。")
    return options


def parse_rule(text: str) -> Rule:
    words = text.strip().replace("第二百七十八条", "278").replace("条", "")
    for word in sorted(RULE_WORDS, key=len, reverse=True):
        if word in words:
            return RULE_WORDS[word]
    raise VoteError("规则请写「简单多数」「278」（民法典一般事项）或「278特别」（第六至八项）。")


def parse_yes(text: str, what: str) -> bool:
    if text.strip().lower() in _YES:
        return True
    if text.strip().lower() in _NO:
        return False
    raise VoteError(f"「{what}」请写 是 或 否。")


def parse_percent(text: str) -> int:
    match = re.fullmatch(r"\s*(\d{1,3})\s*[%％]?\s*", text)
    if not match or int(match[1]) > 100:
        raise VoteError("最低参与率请写 0 到 100 之间的百分数，例如「50%」。")
    return int(match[1])


def parse_area(text: str) -> Decimal:
    """专有部分面积 in m², as the roster writes it ("89.5", "89.50㎡")."""
    cleaned = re.sub(r"(平方米|平米|㎡|m2|m²)$", "", text.strip())
    try:
        area = Decimal(cleaned)
    except InvalidOperation:
        raise VoteError(f"面积「{text[:20]}」不是数字。") from None
    if not area.is_finite() or area <= 0 or area >= 100000:
        raise VoteError(f"面积「{text[:20]}」不在合理范围（大于 0 平方米）。")
    return area.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Objection:
    """异议: raised privately by a resident during the 公示 period, resolved by staff."""

    id: int
    vote_id: int
    person_id: int
    text: str
    created_at: datetime
    resolution: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class BallotRecord:
    """A line of the 备案 record: who took part for which unit; the option only if open."""

    label: str
    voter: str
    option: str | None
    cast_at: datetime


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    estate_id: int
    building_id: int
    building: str
    room: str
    area: Decimal | None
    verified: bool
    owners: tuple[str, ...]
    members: tuple[str, ...]

    @property
    def label(self) -> str:
        return unit_label(self.building, self.room)


def unit_label(building_number: str, room: str) -> str:
    return f"{building_number}号楼{room}"
