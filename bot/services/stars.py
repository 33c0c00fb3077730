"""党员星级: monthly scores and quarterly star levels, recomputed from the records.

Nothing here is stored: a month's score is counted again from the cases the member closed
(resolved_at, breaches, rating) and the ledger rows that name them (wishes, activities) or
that a 书记/staff wrote by hand,
so anyone can recompute last quarter's stars and get the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.cases import Rating
from bot.domain.community import Person, Role
from bot.domain.points import LedgerEntry, RuleKind, month_bounds
from bot.domain.stars import MemberMonth, quarter_months
from bot.ports import UnitOfWork
from bot.services.points_policy import PointsPolicy


def member_months(
    uow: UnitOfWork, month: str, tz: ZoneInfo, estate_id: int | None = None
) -> dict[int, MemberMonth]:
    """Every party member's counts for `month` (members with nothing are left out)."""
    start, end = month_bounds(month, tz)
    months: dict[int, MemberMonth] = {}

    def of(person_id: int) -> MemberMonth:
        return months.setdefault(person_id, MemberMonth(person_id, month))

    for case in uow.point_sources.cases_resolved_between(start, end):
        if case.assignee_id is None or case.id is None:
            continue
        m = of(case.assignee_id)
        m.cases_closed += 1
        m.cases.append(case.id)
        if case.breaches == 0:
            m.sla_kept += 1
    for case in uow.point_sources.cases_rated_between(start, end):
        if case.assignee_id is None:
            continue
        m = of(case.assignee_id)
        if case.rating is Rating.SATISFIED:
            m.satisfied += 1
        elif case.rating is Rating.BASIC:
            m.basic += 1
        elif case.rating is Rating.UNSATISFIED:
            m.unsatisfied += 1
    for entry in uow.points_reports.entries(start=start, end=end, limit=None):
        if entry.kind is not RuleKind.POSITIVE:
            continue
        # A correction row cancels the row it reverses, for the stars as for the points.
        sign = -1 if entry.reverses_id is not None else 1
        if entry.wish_id is not None:
            of(entry.person_id).wishes += sign
        elif entry.activity_id is not None:
            of(entry.person_id).activities += sign
        elif entry.case_id is None and _by_hand(uow, entry):
            # "加分 @孙志明 志愿服务 3小时" from the 书记: the star scheme counts it too, or the
            # member told "+6" sees 0 党员积分 (convofix15b); a 更正 row takes it back.
            of(entry.person_id).awarded += entry.points
    people = uow.people.many(list(months))
    return {pid: m for pid, m in months.items() if _is_member(people.get(pid), estate_id)}


def _by_hand(uow: UnitOfWork, entry: LedgerEntry) -> bool:
    """A 加分 someone gave (no key), or the 更正 of one; automatic awards carry a key."""
    if entry.reverses_id is not None:
        reversed_entry = uow.points.get(entry.reverses_id)
        return reversed_entry is not None and _by_hand(uow, reversed_entry)
    return entry.key is None


def _is_member(person: Person | None, estate_id: int | None) -> bool:
    if person is None or not Role.MEMBER <= person.role <= Role.SECRETARY:
        return False
    return estate_id is None or person.estate_id == estate_id


@dataclass(frozen=True)
class QuarterRow:
    person: Person
    scores: list[int]  # one per month of the quarter
    total: int
    stars: int


def quarter_board(
    uow: UnitOfWork,
    policy: PointsPolicy,
    year: int,
    quarter: int,
    tz: ZoneInfo,
    estate_id: int | None = None,
) -> list[QuarterRow]:
    """一季一评星: every party member of the 小区 (or community), best first."""
    months = quarter_months(year, quarter)
    per_month = [member_months(uow, m, tz, estate_id) for m in months]
    members = [
        p
        for p in uow.people.all()
        if Role.MEMBER <= p.role <= Role.SECRETARY and estate_id in (None, p.estate_id)
    ]
    rows = []
    for person in members:
        assert person.id is not None
        scores = [
            pm[person.id].score(policy.stars.weights) if person.id in pm else 0 for pm in per_month
        ]
        total = sum(scores)
        rows.append(QuarterRow(person, scores, total, policy.stars.level(total)))
    rows.sort(key=lambda r: (-r.total, r.person.id or 0))
    return rows


def score_so_far_this_year(
    uow: UnitOfWork, policy: PointsPolicy, person_id: int, month: str, tz: ZoneInfo
) -> int:
    """One member's 党员积分 from January up to and including `month` (所得, not stars): what
    a member asking 我的积分 is told beside this month's."""
    year, last = (int(p) for p in month.split("-"))
    total = 0
    for mon in range(1, last + 1):
        counts = member_months(uow, f"{year:04d}-{mon:02d}", tz).get(person_id)
        if counts is not None:
            total += counts.score(policy.stars.weights)
    return total
