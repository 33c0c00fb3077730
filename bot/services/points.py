"""The 积分 ledger's use cases: award, correct, balances, and the automatic awards.

Every function works inside the caller's transaction and only ever inserts ledger rows.
Automatic awards carry a unique `key`, so a retried job or a redelivered message never
books the same thing twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.activities import Activity
from bot.domain.community import Person, Role
from bot.domain.points import (
    BASE_RULE,
    Award,
    AwardRefused,
    LedgerEntry,
    Rule,
    RuleKind,
    capped_points,
    check_awarder,
    month_bounds,
    month_of,
)
from bot.domain.wishes import Wish
from bot.ports import UnitOfWork
from bot.services.points_policy import PointsPolicy

SYSTEM = "系统"
HAZARD_WINDOW = timedelta(days=3)  # cases opened this recently are looked at by the sweep


def find_rule(policy: PointsPolicy, name: str) -> Rule:
    rule = policy.rules.get(name)
    if rule is None:
        plus = "、".join(r.name for r in policy.rules.of_kind(RuleKind.POSITIVE))
        minus = "、".join(r.name for r in policy.rules.of_kind(RuleKind.NEGATIVE))
        # "化解矛盾纠纷" is 调解矛盾纠纷 said another way: name it, nothing booked on a guess.
        near = policy.rules.closest(name)
        guess = f"是「{near.name}」吗？是的话请用这个名字再发一次。" if near else ""
        raise AwardRefused(
            f"没有「{name.strip()[:20]}」这个积分项目。{guess}\n加分项：{plus}\n减分项：{minus}"
        )
    return rule


def award(
    uow: UnitOfWork,
    policy: PointsPolicy,
    *,
    person: Person,
    rule_name: str,
    now: datetime,
    tz: ZoneInfo,
    units: int = 1,
    actor: Person | None = None,
    actor_label: str = "",
    reason: str = "",
    points: int | None = None,
    case_id: int | None = None,
    wish_id: int | None = None,
    activity_id: int | None = None,
    key: str | None = None,
) -> Award:
    """Book one award or deduction. `actor=None` with no label is the system itself.

    A person's award is checked against the rule's awarders; the monthly cap clips what
    is booked. A manual award the cap leaves nothing of is refused; an automatic one is
    booked as a 0-point row, so the ledger says why nothing was added.
    """
    assert person.id is not None
    rule = find_rule(policy, rule_name)
    system = actor is None and not actor_label
    if system and "system" not in rule.awarders:
        raise AwardRefused(f"「{rule.name}」不能自动记分。")
    if actor is not None:
        check_awarder(
            rule,
            actor.role,
            actor_estate=actor.estate_id,
            actor_building=actor.building_id,
            target_estate=person.estate_id,
            target_building=person.building_id,
        )
    if key is not None and uow.points.has_key(key):
        return Award(None, 0, uow.points.balance(person.id), duplicate=True)
    requested = points if points is not None else rule.total(units)
    if points is not None and (points == 0 or (points > 0) != (rule.points > 0)):
        raise AwardRefused(f"「{rule.name}」的分值方向不对。")
    start, end = month_bounds(month_of(now, tz), tz)
    used = uow.points.used(person.id, rule.name, start, end)
    booked = capped_points(rule, requested, used)
    notes: list[str] = []
    if booked != requested:
        if booked == 0 and key is None:
            raise AwardRefused(
                f"「{rule.name}」每人每月最多计 {rule.monthly_cap} 分，"
                f"{person.name} 本月已经记满了，这次不能再记。"
            )
        notes.append(f"本月「{rule.name}」已近上限 {rule.monthly_cap} 分，实际记 {booked:+d} 分")
    base = ensure_base(uow, policy, person, now)
    entry = uow.points.add(
        LedgerEntry(
            person_id=person.id,
            rule=rule.name,
            kind=rule.kind,
            points=booked,
            units=units,
            reason=(reason + ("；" + notes[0] if notes else "")).strip("；")[:300],
            at=now,
            actor_id=actor.id if actor else None,
            actor=actor_label or (actor.name if actor else SYSTEM),
            estate_id=person.estate_id,
            building_id=person.building_id,
            case_id=case_id,
            wish_id=wish_id,
            activity_id=activity_id,
            key=key,
        )
    )
    return Award(entry, requested, uow.points.balance(person.id), notes=notes, base=base)


def ensure_base(uow: UnitOfWork, policy: PointsPolicy, person: Person, now: datetime) -> int:
    """基础积分: booked once, with a person's first ledger row; returns what it booked now."""
    assert person.id is not None
    key = f"base:{person.id}"
    if policy.rules.base_points <= 0 or uow.points.has_key(key):
        return 0
    uow.points.add(
        LedgerEntry(
            person_id=person.id,
            rule=BASE_RULE,
            kind=RuleKind.BASE,
            points=policy.rules.base_points,
            reason="建档基础积分",
            at=now,
            actor=SYSTEM,
            estate_id=person.estate_id,
            building_id=person.building_id,
            key=key,
        )
    )
    return policy.rules.base_points


def correct(
    uow: UnitOfWork,
    *,
    entry_id: int,
    reason: str,
    now: datetime,
    actor: Person | None = None,
    actor_label: str = "",
) -> LedgerEntry:
    """更正: a new row reversing an old one. Nothing is ever edited or deleted."""
    entry = uow.points.get(entry_id)
    if entry is None:
        raise AwardRefused(f"没有找到积分记录 #{entry_id}，请核对编号。")
    if entry.reverses_id is not None:
        raise AwardRefused(f"#{entry_id} 本身就是一条更正记录，如需调整请重新记分。")
    if entry.kind in (RuleKind.REDEEM, RuleKind.BASE):
        raise AwardRefused(f"#{entry_id} 是{entry.kind.label}记录，不能在这里更正。")
    if not reason.strip():
        raise AwardRefused(f"请写明更正原因，例如「更正 #{entry_id} 记错了人」。")
    if (
        actor is not None
        and actor.role < Role.STAFF
        and (actor.role < Role.SECRETARY or actor.estate_id != entry.estate_id)
    ):
        raise AwardRefused("只能更正本小区的积分记录。")
    if uow.points.reversal_of(entry_id) is not None:
        raise AwardRefused(f"#{entry_id} 已经更正过了。")
    return uow.points.add(
        LedgerEntry(
            person_id=entry.person_id,
            rule=entry.rule,
            kind=entry.kind,
            points=-entry.points,
            units=entry.units,
            reason=f"更正 #{entry_id}：{reason.strip()}"[:300],
            at=now,
            actor_id=actor.id if actor else None,
            actor=actor_label or (actor.name if actor else SYSTEM),
            estate_id=entry.estate_id,
            building_id=entry.building_id,
            case_id=entry.case_id,
            wish_id=entry.wish_id,
            activity_id=entry.activity_id,
            reverses_id=entry_id,
            key=f"reverse:{entry_id}",
        )
    )


@dataclass(frozen=True)
class Statement:
    balance: int
    recent: Sequence[LedgerEntry]
    month_points: int


def statement(
    uow: UnitOfWork, person_id: int, now: datetime, tz: ZoneInfo, limit: int = 5
) -> Statement:
    start, end = month_bounds(month_of(now, tz), tz)
    month = sum(
        e.points
        for e in uow.points_reports.entries(person_id=person_id, start=start, end=end, limit=None)
        if e.kind in (RuleKind.POSITIVE, RuleKind.NEGATIVE)
    )
    return Statement(uow.points.balance(person_id), uow.points.recent(person_id, limit), month)


def entry_line(entry: LedgerEntry, tz: ZoneInfo) -> str:
    when = entry.at.astimezone(tz).strftime("%m-%d")
    reason = f"（{entry.reason}）" if entry.reason else ""
    return f"{entry.code} {when} {entry.rule} {entry.points:+d}{reason}"


def award_summary(rule: Rule, units: int, entry: LedgerEntry) -> str:
    """「志愿服务」2小时 +4 分: what was booked, in the answer and in the person's notice."""
    return f"「{rule.name}」{units}{rule.unit} {entry.points:+d} 分"


def award_notice(
    actor_name: str, rule: Rule, units: int, entry: LedgerEntry, balance: int | str
) -> str:
    """The private message to the person awarded (or deducted), from the chat or the console."""
    verb = "加分" if rule.kind is RuleKind.POSITIVE else "扣分"
    because = f"，事由：{entry.reason}" if entry.reason else ""
    return (
        f"【积分{verb}】{actor_name} 为您记了{award_summary(rule, units, entry)}{because}。"
        f"当前积分 {balance}。发送「我的积分」查看明细。"
    )


# ---- automatic awards ---------------------------------------------------------------------


def award_wish_fulfilled(
    uow: UnitOfWork, policy: PointsPolicy, wish: Wish, now: datetime, tz: ZoneInfo
) -> Award | None:
    """认领并实现微心愿: the claimer earns the rule's points once the requester confirms."""
    rule = next((r for r in policy.rules.rules.values() if "微心愿" in r.name), None)
    if rule is None or wish.claimer_id is None or wish.id is None:
        return None
    claimer = uow.people.get(wish.claimer_id)
    if claimer is None:
        return None
    return award(
        uow,
        policy,
        person=claimer,
        rule_name=rule.name,
        now=now,
        tz=tz,
        reason=f"微心愿 {wish.code} 已实现",
        wish_id=wish.id,
        key=f"wish:{wish.id}",
    )


@dataclass(frozen=True)
class LedgerAwarder:
    """The activities feature's PointsAwarder seam, booked under the 参加活动 rule.

    The activity's own points (set by staff when planning it) are booked; the rule's
    monthly cap still applies.
    """

    policy: PointsPolicy
    tz: ZoneInfo
    rule_name: str = "参加活动"

    def __call__(
        self, uow: UnitOfWork, *, person_id: int, points: int, activity: Activity, now: datetime
    ) -> bool:
        person = uow.people.get(person_id)
        if person is None or points <= 0 or self.policy.rules.get(self.rule_name) is None:
            return False
        result = award(
            uow,
            self.policy,
            person=person,
            rule_name=self.rule_name,
            now=now,
            tz=self.tz,
            points=points,
            reason=f"参加活动【{activity.id}】{activity.title}",
            activity_id=activity.id,
            key=f"activity:{activity.id}:{person_id}",
        )
        return result.entry is not None or result.duplicate


def award_hazard_reports(uow: UnitOfWork, policy: PointsPolicy, now: datetime, tz: ZoneInfo) -> int:
    """排查安全隐患: a resident whose hazard report became a case earns points (a sweep).

    Kept out of the case code on purpose: the sweep reads cases opened recently, and the
    ledger key makes each case count once however often it runs.
    """
    rule = policy.rules.hazard_rule()
    if rule is None:
        return 0
    booked = 0
    cases = uow.point_sources.cases_opened_between(
        now - HAZARD_WINDOW,
        now + timedelta(seconds=1),
        sorted(rule.case_categories),
        rule.urgent_cases,
    )
    for case in cases:
        key = f"case:{case.id}:hazard"
        if case.id is None or uow.points.has_key(key):
            continue
        reporter = uow.people.get(case.reporter_id)
        if reporter is None:
            continue
        result = award(
            uow,
            policy,
            person=reporter,
            rule_name=rule.name,
            now=now,
            tz=tz,
            reason=f"反映安全隐患，诉求 {case.code}",
            case_id=case.id,
            key=key,
        )
        # Booked silently: the case reply already thanked them, and a sweep may run at
        # night; "我的积分" shows the row.
        if result.entry is not None and result.entry.points:
            booked += 1
    return booked
