"""The case board as staff see it, and the actions they take there.

Actions call the same services as the chat commands (派单/进展/办结) and queue the same
messages (bot/services/case_actions.py) inside the caller's transaction: a dispatch from the
console reaches the party member and the residents' group exactly as 「派单 E0001 @孙志明」
does. Reopening has no chat command (residents reopen by 不满意); it follows that rule.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.cases import Case, CaseEvent, CaseStatus
from bot.domain.community import Person, Role
from bot.domain.escalation import DEFAULT_LADDER, Rung, rung_at
from bot.domain.evidence import Evidence
from bot.domain.lifecycle import Refused, step_state
from bot.domain.sla import STEPS, SlaPolicy, Step
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services import case_actions, claims, mailer
from bot.services.board import audit
from bot.services.mailer import Mailer

BOARD_SIZE = 500  # cases the board and the API list give at most


@dataclass(frozen=True)
class BoardFilter:
    status: str | None = None  # a CaseStatus value, or "open"
    category: str | None = None
    estate_id: int | None = None
    building: str | None = None
    urgent: bool = False
    overdue: bool = False
    before: int | None = None  # the next page: cases older than this id


@dataclass(frozen=True)
class StepView:
    step: Step
    due: datetime | None
    met: datetime | None
    fired: datetime | None
    state: str  # met / late_met / overdue / waiting / none

    @property
    def label(self) -> str:
        return self.step.label


@dataclass(frozen=True)
class BoardRow:
    case: Case
    estate: str
    assignee: str | None
    steps: list[StepView]
    overdue: bool
    rung: str | None  # the escalation rung reached, None before any slip


@dataclass
class CaseView:
    row: BoardRow
    events: list[CaseEvent]
    reporters: list[str]
    actors: dict[int, str] = field(default_factory=dict)
    members: list[Person] = field(default_factory=list)  # who the case may be dispatched to
    evidence: list[Evidence] = field(default_factory=list)  # photos, voice notes, videos

    @property
    def timeline(self) -> list[CaseEvent | Evidence]:
        """Events and evidence files in the order they happened."""
        items: list[CaseEvent | Evidence] = [*self.events, *self.evidence]
        return sorted(items, key=lambda item: item.at)


def step_views(case: Case, now: datetime) -> list[StepView]:
    views = []
    for step in STEPS:
        s = step_state(case, step)
        if s.due is None:
            state = "none"
        elif s.met is not None:
            state = "met" if s.met <= s.due else "late_met"
        elif s.due <= now and case.status.is_open:
            state = "overdue"
        else:
            state = "waiting"
        views.append(StepView(step, s.due, s.met, s.fired, state))
    return views


def rung_label(case: Case, ladder: tuple[Rung, ...] = DEFAULT_LADDER) -> str | None:
    return rung_at(ladder, case.escalation_level).label if case.escalation_level else None


def board(
    uow: UnitOfWork, user: StaffUser, filters: BoardFilter, now: datetime, limit: int = BOARD_SIZE
) -> list[BoardRow]:
    """The filtered case list; a secretary's 小区 overrides any 小区 asked for."""
    estate_id = user.scope_estate if user.scope_estate is not None else filters.estate_id
    status = filters.status if filters.status in {s.value for s in CaseStatus} else None
    cases = uow.cases.find(
        estate_id=estate_id,
        status=status,
        limit=limit,
        category=filters.category,
        building=filters.building,
        urgent=filters.urgent,
        open_only=filters.status == "open",
        overdue_at=now if filters.overdue else None,
        before_id=filters.before,
    )
    return _rows(uow, cases, now)


def _rows(uow: UnitOfWork, cases: Sequence[Case], now: datetime) -> list[BoardRow]:
    estates = {e.id: e.name for e in uow.estates.all()}
    people = uow.people.many(sorted({c.assignee_id for c in cases if c.assignee_id}))
    rows = []
    for c in cases:
        steps = step_views(c, now)
        assignee = people.get(c.assignee_id) if c.assignee_id else None
        rows.append(
            BoardRow(
                case=c,
                estate=estates.get(c.estate_id, ""),
                assignee=assignee.name if assignee else None,
                steps=steps,
                overdue=any(s.state == "overdue" for s in steps),
                rung=rung_label(c),
            )
        )
    return rows


def visible_case(uow: UnitOfWork, user: StaffUser, case_id: int) -> Case | None:
    """None for a missing case and for one outside the user's 小区 alike (no existence leak)."""
    case = uow.cases.get(case_id)
    if case is None or not user.may_see_estate(case.estate_id):
        return None
    return case


def case_view(uow: UnitOfWork, user: StaffUser, case_id: int, now: datetime) -> CaseView | None:
    case = visible_case(uow, user, case_id)
    if case is None:
        return None
    assert case.id is not None
    [row] = _rows(uow, [case], now)
    events = list(uow.cases.events(case_id))
    evidence = list(uow.evidence.for_case(case_id))
    reporter_ids = uow.cases.reporter_ids(case_id) or [case.reporter_id]
    ids = {*reporter_ids, *(e.actor_id for e in events if e.actor_id)}
    ids |= {e.person_id for e in evidence}
    people = uow.people.many(sorted(ids))
    return CaseView(
        row=row,
        events=events,
        reporters=[people[p].name for p in reporter_ids if p in people],
        actors={pid: p.name for pid, p in people.items()},
        members=dispatch_targets(uow, case),
        evidence=evidence,
    )


def dispatch_targets(uow: UnitOfWork, case: Case) -> list[Person]:
    """The 小区's party members, the case's 楼栋 first."""
    home = mailer.building_id(uow, case)
    found = [
        p
        for role in (Role.SECRETARY, Role.LEADER, Role.MEMBER)
        for p in uow.people.with_role(case.estate_id, role)
    ]
    found.sort(key=lambda p: (p.building_id != home or home is None, -p.role, p.name))
    return found


# ---- actions --------------------------------------------------------------------------------


def actor_for(uow: UnitOfWork, user: StaffUser) -> Person:
    """The person a console user acts as: their roster entry, or a stand-in with their role.

    The stand-in is never stored; events then carry no actor id and name the user in the text.
    """
    if user.person_id is not None:
        person = uow.people.get(user.person_id)
        if person is not None:
            return person
    role = {"admin": Role.ADMIN, "secretary": Role.SECRETARY}.get(user.role.value, Role.STAFF)
    return Person(
        wechat_id=f"console:{user.username}",
        display_name=user.name,
        role=role,
        estate_id=user.scope_estate,
    )


def _mail(uow: UnitOfWork, case: Case, account: str, now: datetime, policy: SlaPolicy) -> Mailer:
    assert case.id is not None
    acct = mailer.case_account(uow, case, account)
    # One console action is one transaction: a fresh key base (the clock may stand still).
    return Mailer(uow, acct, now, f"{acct}:console:{case.id}:{uuid.uuid4().hex}", policy)


def _text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise Refused("请写上内容。")
    return case_actions.clip(text)


def dispatch(
    uow: UnitOfWork,
    user: StaffUser,
    case: Case,
    target_id: int,
    *,
    account: str,
    now: datetime,
    policy: SlaPolicy,
) -> Person:
    """派单, as 「派单 E0001 @党员」 does it: the member, the one it was taken from, the group."""
    target = uow.people.get(target_id)
    if target is None:
        raise Refused("党员名册里没有这个人。")
    actor = actor_for(uow, user)
    before = claims.dispatch(uow, case, target, actor, now)
    case_actions.dispatched(_mail(uow, case, account, now, policy), case, target, actor, before)
    audit(uow, user, "case.dispatch", now, case.code, target.name)
    return target


def add_progress(
    uow: UnitOfWork,
    user: StaffUser,
    case: Case,
    text: str,
    *,
    plan: bool,
    account: str,
    now: datetime,
    policy: SlaPolicy,
) -> None:
    """进展 / 方案: recorded on the case and told to the residents who reported it."""
    text = _text(text)
    claims.progress(uow, case, actor_for(uow, user), text, now, plan=plan)
    case_actions.progressed(_mail(uow, case, account, now, policy), case, text, plan=plan)
    audit(uow, user, "case.plan" if plan else "case.progress", now, case.code, text)


def resolve(
    uow: UnitOfWork,
    user: StaffUser,
    case: Case,
    text: str,
    *,
    account: str,
    now: datetime,
    policy: SlaPolicy,
) -> None:
    """办结: the residents are told and asked to rate."""
    text = _text(text)
    claims.resolve(uow, case, actor_for(uow, user), text, now, policy)
    case_actions.resolved(_mail(uow, case, account, now, policy), case, text)
    audit(uow, user, "case.resolve", now, case.code, text)


def reopen(
    uow: UnitOfWork,
    user: StaffUser,
    case: Case,
    reason: str,
    *,
    account: str,
    now: datetime,
    policy: SlaPolicy,
) -> None:
    """重新打开 a closed case, as 不满意 does: same claimer, fresh 2341 clock."""
    reason = _text(reason)
    actor = actor_for(uow, user)
    claims.reopen(uow, case, actor, reason, now, policy)
    case_actions.reopened(_mail(uow, case, account, now, policy), case, actor, reason)
    audit(uow, user, "case.reopen", now, case.code, reason)
