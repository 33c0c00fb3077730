"""积分: rules as data, the append-only ledger row, caps per month and who may award.

"一事一记、一月一评、一月一示": every change of points is one ledger row; a correction is a new
row reversing an old one; a balance is the sum of a person's rows. Months are the
community's calendar months (Asia/Shanghai), never UTC ones.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from difflib import SequenceMatcher
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

from bot.domain.community import Role

BASE_RULE = "基础积分"
REDEEM_RULE = "积分兑换"
MAX_UNITS = 100  # whatever a rule says, no single award counts more units than this
MAX_POINTS = 1000  # nor more points
AWARDERS = ("system", "staff", "secretary", "leader")
AWARDER_LABELS = {
    "system": "系统自动",
    "staff": "社区工作人员",
    "secretary": "支部书记",
    "leader": "楼栋党小组长",
}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_CN_DIGITS |= {"九": 9, "十": 10}
_AMOUNT = re.compile(
    r"^(?P<sign>[-+－]?)\s*(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)\s*(?P<unit>\S*)$"
)


class RuleKind(enum.StrEnum):
    POSITIVE = "positive"  # 正面加分
    NEGATIVE = "negative"  # 负面减分
    BASE = "base"  # 基础积分, once per person
    REDEEM = "redeem"  # spent at the 积分超市

    @property
    def label(self) -> str:
        return {"positive": "加分", "negative": "减分", "base": "基础", "redeem": "兑换"}[self]


class RulesError(ValueError):
    """The rules file is wrong; the message names the rule and the field."""


class AwardRefused(Exception):
    """An award or correction that cannot be made; the message is shown as is."""


@dataclass(frozen=True)
class Rule:
    name: str
    kind: RuleKind
    points: int  # per unit, signed: negative rules have negative points
    unit: str = "次"
    monthly_cap: int | None = None  # most points (in absolute value) per person per month
    max_units: int = 1  # most units in one award
    awarders: frozenset[str] = frozenset({"staff"})
    case_categories: frozenset[str] = frozenset()  # automatic: a case of these opened
    urgent_cases: bool = False  # automatic: any urgent case opened
    description: str = ""

    def total(self, units: int) -> int:
        return self.points * units


@dataclass(frozen=True)
class RuleBook:
    rules: Mapping[str, Rule]
    base_points: int = 0

    def get(self, name: str) -> Rule | None:
        return self.rules.get(name.strip())

    def of_kind(self, kind: RuleKind) -> list[Rule]:
        return [r for r in self.rules.values() if r.kind is kind]

    def closest(self, name: str) -> Rule | None:
        """The one rule an unknown name most likely means ("化解矛盾纠纷" → 调解矛盾纠纷,
        "志愿者服务" → 志愿服务, convofix15b): the rule sharing the most characters with it in
        order, when they are most of the shorter name and no other rule shares as many.
        A name sharing little with every rule, or as much with two, has no closest rule."""
        said = name.strip()
        if len(said) < MIN_CLOSE:
            return None
        runs = sorted(
            ((_shared_run(said, rule.name), rule) for rule in self.rules.values()),
            key=lambda pair: -pair[0],
        )
        if not runs:
            return None
        best, rule = runs[0]
        if len(runs) > 1 and runs[1][0] == best:
            return None  # "矛盾" alone would fit two rules as well as one
        return rule if best >= MIN_CLOSE and 2 * best > min(len(said), len(rule.name)) else None

    def hazard_rule(self) -> Rule | None:
        return next((r for r in self.rules.values() if r.case_categories or r.urgent_cases), None)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> RuleBook:
        base = data.get("base_points", 0)
        if not isinstance(base, int) or isinstance(base, bool) or not 0 <= base <= MAX_POINTS:
            raise RulesError(f"base_points: 应为 0–{MAX_POINTS} 的整数")
        raw_rules = data.get("rules", {})
        if not isinstance(raw_rules, Mapping) or not raw_rules:
            raise RulesError("rules: 至少要有一条积分规则")
        rules = {name: _rule(name, fields) for name, fields in raw_rules.items()}
        for reserved in (BASE_RULE, REDEEM_RULE):
            if reserved in rules:
                raise RulesError(f"rules.{reserved}: 这是系统保留的名称")
        return cls(rules=rules, base_points=base)


MIN_CLOSE = 2  # characters a name must share with a rule to suggest it


def _shared_run(a: str, b: str) -> int:
    """How many characters the two names share in order ("志愿者服务" and 志愿服务: 4)."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks)


_RULE_FIELDS = {
    "kind",
    "points",
    "unit",
    "monthly_cap",
    "max_units",
    "awarders",
    "case_categories",
    "urgent_cases",
    "description",
}


def _rule(name: str, fields: Any) -> Rule:
    where = f"rules.{name}"
    if not isinstance(fields, Mapping):
        raise RulesError(f"{where}: 应为一张表")
    unknown = set(fields) - _RULE_FIELDS
    if unknown:
        raise RulesError(f"{where}: 未知字段 {sorted(unknown)}")
    try:
        kind = RuleKind(fields.get("kind", ""))
    except ValueError:
        raise RulesError(f"{where}.kind: 应为 positive 或 negative") from None
    if kind not in (RuleKind.POSITIVE, RuleKind.NEGATIVE):
        raise RulesError(f"{where}.kind: 应为 positive 或 negative")
    points = fields.get("points")
    if not _int(points) or points == 0 or abs(points) > MAX_POINTS:
        raise RulesError(f"{where}.points: 应为非零整数（绝对值不超过 {MAX_POINTS}）")
    if (kind is RuleKind.POSITIVE) != (points > 0):
        raise RulesError(f"{where}.points: 加分项应为正数，减分项应为负数")
    cap = fields.get("monthly_cap")
    if cap is not None and (not _int(cap) or cap <= 0):
        raise RulesError(f"{where}.monthly_cap: 应为正整数（每人每月最多计多少分）")
    max_units = fields.get("max_units", 1)
    if not _int(max_units) or not 1 <= max_units <= MAX_UNITS:
        raise RulesError(f"{where}.max_units: 应为 1–{MAX_UNITS} 的整数")
    awarders = fields.get("awarders", ["staff"])
    if not isinstance(awarders, list) or not awarders or set(awarders) - set(AWARDERS):
        raise RulesError(f"{where}.awarders: 应为 {list(AWARDERS)} 中的一个或几个")
    categories = fields.get("case_categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise RulesError(f"{where}.case_categories: 应为诉求类别列表")
    return Rule(
        name=name,
        kind=kind,
        points=points,
        unit=str(fields.get("unit", "次")) or "次",
        monthly_cap=cap,
        max_units=max_units,
        awarders=frozenset(awarders),
        case_categories=frozenset(categories),
        urgent_cases=bool(fields.get("urgent_cases", False)),
        description=str(fields.get("description", "")),
    )


def _int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(eq=False)
class LedgerEntry:
    """One row of the 积分台账. Never updated, never deleted."""

    person_id: int
    rule: str
    kind: RuleKind
    points: int
    at: datetime
    units: int = 1
    reason: str = ""
    actor_id: int | None = None  # None: the system, or a console user named in `actor`
    actor: str = ""
    estate_id: int | None = None  # the person's 小区 and 楼栋 when the row was written,
    building_id: int | None = None  # so a month's roll-up never changes afterwards
    case_id: int | None = None
    wish_id: int | None = None
    activity_id: int | None = None
    reverses_id: int | None = None  # a correction: the row it cancels
    key: str | None = None  # automatic awards: unique, so a retry never books twice
    id: int | None = None

    @property
    def code(self) -> str:
        return f"#{self.id or 0}"


# ---- amounts -------------------------------------------------------------------------


def parse_units(text: str | None, rule: Rule) -> int:
    """'2小时', '2', '两次', None -> units; refuses negative, zero, fractions and the absurd."""
    if text is None or not text.strip():
        return 1
    match = _AMOUNT.match(text.strip())
    if match is None:
        raise AwardRefused(f"没看懂数量「{text}」，请写成「2{rule.unit}」这样。")
    if match["sign"] in ("-", "－"):
        raise AwardRefused("数量不能是负数。扣分请用「扣分」和对应的减分项。")
    raw = match["n"]
    if raw.isdigit():
        units = int(raw)
    elif raw[0].isdigit():
        raise AwardRefused(f"数量请写整数，例如「2{rule.unit}」。")
    else:
        units = _chinese_number(raw)
    if units <= 0:
        raise AwardRefused("数量要大于 0。")
    if units > rule.max_units:
        raise AwardRefused(
            f"「{rule.name}」一次最多记 {rule.max_units}{rule.unit}，"
            f"{units}{rule.unit}超出了，请核对后分次记录。"
        )
    return units


def _chinese_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    if len(text) == 1:
        return _CN_DIGITS.get(text, 0)
    if len(text) in (2, 3) and text[1] == "十":
        return _CN_DIGITS.get(text[0], 0) * 10 + (_CN_DIGITS.get(text[2:], 0) if text[2:] else 0)
    return 0


# ---- who may award -------------------------------------------------------------------


def awarder_kinds(role: Role) -> set[str]:
    if role >= Role.STAFF:
        return {"staff", "secretary", "leader"}
    if role is Role.SECRETARY:
        return {"secretary", "leader"}
    if role is Role.LEADER:
        return {"leader"}
    return set()


def check_awarder(
    rule: Rule,
    role: Role,
    *,
    actor_estate: int | None,
    actor_building: int | None,
    target_estate: int | None,
    target_building: int | None,
) -> None:
    """Raises AwardRefused unless this person may award this rule to that person."""
    allowed = rule.awarders & awarder_kinds(role)
    if not allowed:
        who = "、".join(AWARDER_LABELS[a] for a in sorted(rule.awarders) if a != "system")
        raise AwardRefused(f"「{rule.name}」只能由{who or '系统自动'}记录。")
    if role >= Role.STAFF:
        return
    if target_estate is not None and actor_estate != target_estate:
        raise AwardRefused("只能给本小区的居民记分。")
    if "secretary" not in allowed and target_building not in (None, actor_building):
        raise AwardRefused("楼栋党小组长只能给本楼栋的居民记分。")


# ---- caps ----------------------------------------------------------------------------


def capped_points(rule: Rule, requested: int, used_this_month: int) -> int:
    """How much of `requested` fits under the monthly cap (same sign; 0 when full)."""
    if rule.monthly_cap is None:
        return requested
    room = max(0, rule.monthly_cap - abs(used_this_month))
    allowed = min(abs(requested), room)
    return allowed if requested > 0 else -allowed


# ---- months, in the community's time zone ----------------------------------------------


def month_of(at: datetime, tz: ZoneInfo) -> str:
    local = at.astimezone(tz)
    return f"{local.year:04d}-{local.month:02d}"


def last_months(now: datetime, tz: ZoneInfo, months: int = 12) -> list[str]:
    """The last `months` months up to and including `now`'s, oldest first: "2026-01" … "2026-12"."""
    local = now.astimezone(tz)
    keys = []
    year, month = local.year, local.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    keys.reverse()
    return keys


def parse_month(text: str) -> str:
    match = _MONTH.match(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2200:
        raise ValueError(f"月份 {text!r} 应写成 2026-11")
    return f"{int(match[1]):04d}-{int(match[2]):02d}"


def month_bounds(month: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of a calendar month in `tz`, as aware datetimes."""
    year, mon = (int(p) for p in parse_month(month).split("-"))
    start = datetime.combine(date(year, mon, 1), time(), tzinfo=tz)
    nxt = date(year + mon // 12, mon % 12 + 1, 1)
    return start, datetime.combine(nxt, time(), tzinfo=tz)


def previous_month(month: str) -> str:
    year, mon = (int(p) for p in parse_month(month).split("-"))
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def month_label(month: str) -> str:
    year, mon = parse_month(month).split("-")
    return f"{year}年{int(mon)}月"


@dataclass(frozen=True)
class Award:
    """What an award came to: the row written (None when the cap left nothing)."""

    entry: LedgerEntry | None
    requested: int
    balance: int
    duplicate: bool = False  # an automatic award already booked under the same key
    notes: list[str] = field(default_factory=list)
    base: int = 0  # 建档基础积分 booked with this award (a person's first ledger row)

    @property
    def balance_text(self) -> str:
        """当前积分, explaining a jump the award alone does not: "14（含建档基础积分 10）"."""
        return f"{self.balance}（含建档基础积分 {self.base}）" if self.base else str(self.balance)

    @property
    def capped(self) -> bool:
        return self.entry is None or self.entry.points != self.requested
