"""党员星级积分: "一月一算分、一季一评星、半年一兑换、一年一奖评".

A party member's monthly score is computed, never stored: from the cases they closed (and
whether the 2341 clock held and how residents rated them) and from the ledger (wishes
fulfilled, activities attended, and the 加分 a 书记 or staff gave by hand). Recomputing a
past month gives the same number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.domain.points import parse_month

_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")


@dataclass(frozen=True)
class StarWeights:
    case_closed: int = 5  # 办结一件认领或派给自己的诉求
    sla_kept: int = 3  # 办结时 2341 各环节无一超时
    satisfied: int = 2  # 居民评价满意
    basic: int = 1  # 基本满意
    unsatisfied: int = -3  # 不满意
    wish_fulfilled: int = 5  # 认领的微心愿已实现
    activity: int = 2  # 参加一次党群阵地活动
    # Each point of a 加分 a 书记 or staff gave him by hand ("加分 @孙志明 志愿服务 3小时"): what
    # a member did outside the cases, wishes and activities counted above (convofix15b).
    award_point: int = 1


@dataclass(frozen=True)
class StarLevel:
    stars: int
    min_score: int  # quarterly total needed


DEFAULT_LEVELS = (
    StarLevel(5, 60),
    StarLevel(4, 45),
    StarLevel(3, 30),
    StarLevel(2, 15),
    StarLevel(1, 1),
)


@dataclass(frozen=True)
class StarPolicy:
    weights: StarWeights = StarWeights()
    levels: tuple[StarLevel, ...] = DEFAULT_LEVELS

    def level(self, quarter_total: int) -> int:
        for level in sorted(self.levels, key=lambda lv: -lv.min_score):
            if quarter_total >= level.min_score:
                return level.stars
        return 0


@dataclass
class MemberMonth:
    """What one party member did in one month, counted from the records."""

    person_id: int
    month: str
    cases_closed: int = 0
    sla_kept: int = 0
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0
    wishes: int = 0
    activities: int = 0
    awarded: int = 0  # points of the 加分 given him by hand this month (after 更正)
    cases: list[int] = field(default_factory=list)  # case ids, for the audit trail

    def score(self, weights: StarWeights) -> int:
        return (
            self.cases_closed * weights.case_closed
            + self.sla_kept * weights.sla_kept
            + self.satisfied * weights.satisfied
            + self.basic * weights.basic
            + self.unsatisfied * weights.unsatisfied
            + self.wishes * weights.wish_fulfilled
            + self.activities * weights.activity
            + self.awarded * weights.award_point
        )

    def breakdown(self, weights: StarWeights) -> list[str]:
        parts = [
            ("办结诉求", self.cases_closed, weights.case_closed),
            ("按时办结", self.sla_kept, weights.sla_kept),
            ("满意评价", self.satisfied, weights.satisfied),
            ("基本满意", self.basic, weights.basic),
            ("不满意", self.unsatisfied, weights.unsatisfied),
            ("实现微心愿", self.wishes, weights.wish_fulfilled),
            ("参加活动", self.activities, weights.activity),
            ("书记/社区加分", self.awarded, weights.award_point),
        ]
        return [f"{label} {n} × {w:+d} = {n * w:+d}" for label, n, w in parts if n]


def stars_text(stars: int) -> str:
    return "★" * stars + "☆" * (5 - stars) if stars else "暂未评星"


def parse_quarter(text: str) -> tuple[int, int]:
    match = _QUARTER.match(text.strip())
    if match is None:
        raise ValueError(f"季度 {text!r} 应写成 2026Q4")
    return int(match[1]), int(match[2])


def quarter_months(year: int, quarter: int) -> list[str]:
    first = (quarter - 1) * 3 + 1
    return [f"{year:04d}-{m:02d}" for m in range(first, first + 3)]


def quarter_of(month: str) -> tuple[int, int]:
    year, mon = (int(p) for p in parse_month(month).split("-"))
    return year, (mon - 1) // 3 + 1
