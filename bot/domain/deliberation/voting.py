"""投票表决: who may vote, how ballots are counted, and which rule a result meets.

Two rules a community can choose:

- **simple majority** of the ballots cast, with a minimum turnout;
- **民法典 第二百七十八条** for owners' decisions: participation by owners holding at least 2/3 of
  the exclusive floor area *and* at least 2/3 of the owners by number; adoption by more than half
  of the participating area and of the participating owners, or at least 3/4 of both for the
  matters of items (六)–(八) (筹集维修资金, 改建重建, 改变共有部分用途或经营).

Words of the law, per 民法典 第一千二百五十九条: "以上" includes the number itself, "过半数" is
strictly more than half. All arithmetic is on Fractions so that exactly 2/3 is exactly 2/3.

Vote weight (票权) is counted the way the official owner-voting platforms count it: an owner with
several units is one person in the headcount and the sum of those units' areas; a co-owned unit is
one elector (one ballot, cast by any one of its co-owners). The roster decides who an elector is;
this module only counts.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

TWO_THIRDS = Fraction(2, 3)
THREE_QUARTERS = Fraction(3, 4)
HALF = Fraction(1, 2)


class Rule(enum.StrEnum):
    SIMPLE = "simple"  # 简单多数 of ballots cast, minimum turnout
    ART278 = "art278"  # 民法典 第二百七十八条, ordinary matters: 过半数
    ART278_SPECIAL = "art278_special"  # 第二百七十八条 items (六)–(八): 四分之三以上

    @property
    def label(self) -> str:
        return RULE_LABELS[self]


RULE_LABELS = {
    Rule.SIMPLE: "简单多数",
    Rule.ART278: "民法典第二百七十八条（一般事项）",
    Rule.ART278_SPECIAL: "民法典第二百七十八条（第六至八项重大事项）",
}


@dataclass(frozen=True, slots=True)
class Elector:
    """One vote-holder: an owner (all their units) or a co-owned unit. `area` in m²."""

    key: str
    area: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Share:
    """A headcount and an area, with their shares of a base."""

    count: int
    area: Decimal
    count_share: Fraction
    area_share: Fraction


@dataclass(frozen=True, slots=True)
class Verdict:
    rule: Rule
    electorate: Share  # everyone entitled to vote (shares are 1)
    participants: Share  # shares against the electorate
    agree: Share  # shares against the participants
    by_option: Mapping[str, Share]  # shares against the participants
    quorum_met: bool
    adopted: bool
    reason: str  # one sentence for the 公示


def _ratio(part: int | Decimal, whole: int | Decimal) -> Fraction:
    return Fraction(part) / Fraction(whole) if whole else Fraction(0)


def _share(electors: Iterable[Elector], base: Share | None) -> Share:
    people = list(electors)
    count, area = len(people), sum((e.area for e in people), Decimal(0))
    if base is None:
        return Share(count, area, Fraction(1), Fraction(1))
    return Share(count, area, _ratio(count, base.count), _ratio(area, base.area))


def count_votes(
    electorate: Iterable[Elector],
    ballots: Mapping[str, str],
    *,
    agree_option: str,
    rule: Rule,
    min_turnout: Fraction = Fraction(0),
) -> Verdict:
    """Count `ballots` (elector key → option) against `electorate` under `rule`.

    Ballots from keys outside the electorate are ignored here; the service refuses them earlier.
    """
    electors = {e.key: e for e in electorate}
    totals: dict[str, tuple[int, Decimal]] = {}
    for key, option in ballots.items():
        if key in electors:
            count, area = totals.get(option, (0, Decimal(0)))
            totals[option] = (count + 1, area + electors[key].area)
    return count_totals(
        electors.values(),
        [k for k in ballots if k in electors],
        totals,
        agree_option=agree_option,
        rule=rule,
        min_turnout=min_turnout,
    )


def count_totals(
    electorate: Iterable[Elector],
    participants: Iterable[str],
    totals: Mapping[str, tuple[int, Decimal]],
    *,
    agree_option: str,
    rule: Rule,
    min_turnout: Fraction = Fraction(0),
) -> Verdict:
    """Count from per-option totals (headcount, area) — how a secret ballot is kept, where no
    ballot is tied to its elector — and the keys of the electors who took part."""
    electors = {e.key: e for e in electorate}
    total = _share(electors.values(), None)
    voted = _share((electors[k] for k in set(participants) if k in electors), total)
    by_option = {
        option: Share(count, area, _ratio(count, voted.count), _ratio(area, voted.area))
        for option, (count, area) in totals.items()
    }
    agree = by_option.get(agree_option) or _share((), voted)
    if rule is Rule.SIMPLE:
        quorum_met = voted.count_share >= min_turnout and voted.count > 0
        adopted = quorum_met and agree.count_share > HALF
        reason = _simple_reason(voted, agree, min_turnout, quorum_met, adopted)
    else:
        quorum_met = voted.area_share >= TWO_THIRDS and voted.count_share >= TWO_THIRDS
        if rule is Rule.ART278_SPECIAL:
            passed = agree.area_share >= THREE_QUARTERS and agree.count_share >= THREE_QUARTERS
        else:
            passed = agree.area_share > HALF and agree.count_share > HALF
        adopted = quorum_met and passed
        reason = _art278_reason(rule, quorum_met, adopted)
    return Verdict(rule, total, voted, agree, by_option, quorum_met, adopted, reason)


def _simple_reason(
    participants: Share, agree: Share, min_turnout: Fraction, quorum_met: bool, adopted: bool
) -> str:
    turnout = f"参与率{percent(participants.count_share)}"
    if participants.count == 0:
        return "无人参与表决，表决未通过。"
    if not quorum_met:
        return f"{turnout}，未达到最低参与率{percent(min_turnout)}，表决未通过。"
    verdict = "超过半数，表决通过" if adopted else "未超过半数，表决未通过"
    return f"{turnout}；同意票占参与人数的{percent(agree.count_share)}，{verdict}。"


def _art278_reason(rule: Rule, quorum_met: bool, adopted: bool) -> str:
    if not quorum_met:
        return (
            "参与表决的业主专有部分面积或人数未达到总数的三分之二，"
            "不符合《民法典》第二百七十八条规定的表决条件，表决未通过。"
        )
    bar = (
        "参与表决专有部分面积四分之三以上且参与表决人数四分之三以上的业主同意"
        if rule is Rule.ART278_SPECIAL
        else "参与表决专有部分面积过半数且参与表决人数过半数的业主同意"
    )
    met = "符合" if adopted else "未达到"
    outcome = "表决通过" if adopted else "表决未通过"
    return (
        f"参与表决的业主符合三分之二以上的条件；"
        f"同意票{met}《民法典》第二百七十八条“{bar}”的规定，{outcome}。"
    )


def percent(value: Fraction) -> str:
    """A share as the 公示 prints it: two decimals, rounded half up (66.67%)."""
    hundredths = value * 10000
    rounded = (hundredths.numerator * 2 + hundredths.denominator) // (2 * hundredths.denominator)
    return f"{rounded // 100}.{rounded % 100:02d}%"


def publicity_text(title: str, verdict: Verdict, *, preliminary: bool, objection_days: int) -> str:
    """The 公示 posted after closing, in the shape electronic owner-voting platforms use."""
    total, part, agree = verdict.electorate, verdict.participants, verdict.agree
    heading = "表决结果预公示" if preliminary else "表决结果公示"
    if total.area:
        lines = [
            f"【{heading}】{title}",
            f"投票涉及总人数{total.count}人，总面积{_area(total.area)}平方米；",
            f"参与表决{part.count}人，占总人数{percent(part.count_share)}；"
            f"参与面积{_area(part.area)}平方米，占总面积{percent(part.area_share)}；",
            f"同意{agree.count}人，占参与人数{percent(agree.count_share)}；"
            f"同意面积{_area(agree.area)}平方米，占参与面积{percent(agree.area_share)}。",
            verdict.reason,
        ]
    else:  # one ballot per person: no areas to speak of
        lines = [
            f"【{heading}】{title}",
            f"投票涉及总人数{total.count}人；参与表决{part.count}人，"
            f"占总人数{percent(part.count_share)}；",
            f"同意{agree.count}人，占参与人数{percent(agree.count_share)}。",
            verdict.reason,
        ]
    if preliminary:
        lines.append(f"公示期{objection_days}天，如有异议请私聊我发送「异议 编号 内容」。")
    return "\n".join(lines)


def _area(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"
