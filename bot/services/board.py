"""What the console shows: read models over the same repositories the bot writes through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.cases import Case, CaseEvent, CaseStatus
from bot.domain.community import Group, Person
from bot.domain.staff import AuditEntry, StaffUser
from bot.ports import UnitOfWork


@dataclass(frozen=True)
class CaseRow:
    case: Case
    estate: str
    reporter: str
    assignee: str | None


def case_rows(uow: UnitOfWork, user: StaffUser, status: str | None = None) -> list[CaseRow]:
    valid = status if status in {s.value for s in CaseStatus} else None
    cases = uow.cases.find(estate_id=user.scope_estate, status=valid)
    estates = {e.id: e.name for e in uow.estates.all()}
    people = uow.people.many(
        [pid for c in cases for pid in (c.reporter_id, c.assignee_id) if pid is not None]
    )
    return [
        CaseRow(
            case=c,
            estate=estates.get(c.estate_id, ""),
            reporter=_name(people.get(c.reporter_id)),
            assignee=_name(people.get(c.assignee_id)) if c.assignee_id else None,
        )
        for c in cases
    ]


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow
    events: list[CaseEvent]
    reporters: list[str]


def case_detail(uow: UnitOfWork, user: StaffUser, case_id: int) -> CaseDetail | None:
    """None both for a missing case and for one outside the user's 小区: no existence leak."""
    case = uow.cases.get(case_id)
    if case is None or not user.may_see_estate(case.estate_id):
        return None
    estate = uow.estates.get(case.estate_id)
    reporter_ids = uow.cases.reporter_ids(case_id)
    people = uow.people.many([*reporter_ids, case.reporter_id, *filter(None, [case.assignee_id])])
    row = CaseRow(
        case=case,
        estate=estate.name if estate else "",
        reporter=_name(people.get(case.reporter_id)),
        assignee=_name(people.get(case.assignee_id)) if case.assignee_id else None,
    )
    return CaseDetail(
        row, list(uow.cases.events(case_id)), [_name(people.get(p)) for p in reporter_ids]
    )


@dataclass(frozen=True)
class GroupRow:
    group: Group
    estate: str | None
    building: str | None
    accounts: tuple[str, ...] = ()  # the bot accounts sitting in the group (owner included)
    unreachable: bool = False  # its account is logged out, offline or silent


def group_rows(uow: UnitOfWork, now: datetime) -> list[GroupRow]:
    """Every group of every account: one row per room, with who sits there."""
    estates = {e.id: e.name for e in uow.estates.all()}
    buildings = {b.id: b.name for b in uow.estates.buildings()}
    present = uow.group_accounts.memberships()
    statuses = {s.name: s for s in uow.accounts.all()}
    rows = []
    for g in uow.groups.all():
        status = statuses.get(g.account)
        rows.append(
            GroupRow(
                group=g,
                estate=estates.get(g.estate_id) if g.estate_id else None,
                building=buildings.get(g.building_id) if g.building_id else None,
                accounts=tuple(present.get(g.id or 0, ())),
                # A process that never reported (a single-account SQLite start) is not news.
                unreachable=status is not None and not status.reachable(now),
            )
        )
    return rows


def audit(
    uow: UnitOfWork,
    user: StaffUser | str,
    action: str,
    now: datetime,
    target: str = "",
    detail: str = "",
) -> None:
    actor = user if isinstance(user, str) else user.username
    uow.staff.audit(AuditEntry(at=now, actor=actor, action=action, target=target, detail=detail))


def _name(person: Person | None) -> str:
    return person.name if person else "?"
