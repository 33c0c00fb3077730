"""Who hears of a request: the 帮办代办队 of its 楼栋, then of its 小区; the ladder's rungs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.domain.community import Person, Role
from bot.domain.escalation import Rung
from bot.domain.helpdesk import Catalog, EventKind, HelpRequest, on_team
from bot.ports import UnitOfWork
from bot.services import outbox


def team(uow: UnitOfWork, catalog: Catalog, estate_id: int) -> list[Person]:
    """The 小区's 帮办代办队 (roster flag or config list)."""
    return [p for p in uow.helpdesk.people_of(estate_id) if on_team(p, catalog)]


def first_offer(uow: UnitOfWork, catalog: Catalog, request: HelpRequest) -> list[Person]:
    """The team of the request's 楼栋; the whole 小区's team when that 楼栋 has none."""
    members = [p for p in team(uow, catalog, request.estate_id) if p.id != request.requester_id]
    here = [p for p in members if request.building_id and p.building_id == request.building_id]
    return here or members


def offered_to(uow: UnitOfWork, request: HelpRequest) -> list[Person]:
    """The team members the request was offered to (the names each offer recorded): those
    who may still go and do it, so they are the ones told when the resident cancels."""
    assert request.id is not None
    names = {
        name
        for e in uow.helpdesk.events(request.id)
        if e.kind == EventKind.OFFERED
        for name in e.text.split("、")
        if name
    }
    return [p for p in uow.helpdesk.people_of(request.estate_id) if p.name in names]


def rung_people(uow: UnitOfWork, request: HelpRequest, rung: Rung) -> list[Person]:
    """楼栋党小组长 → 支部书记 → 社区, each falling back to the next when nobody is there."""
    estate_id = request.estate_id
    found: list[Person] = []
    if rung is Rung.LEADER:
        if request.building_id is not None:
            found = list(uow.people.with_role(estate_id, Role.LEADER, request.building_id))
        if not found:
            found = list(uow.people.with_role(estate_id, Role.LEADER))
    if rung in (Rung.LEADER, Rung.SECRETARY) and not found:
        found = list(uow.people.with_role(estate_id, Role.SECRETARY))
    if not found:
        found = [p for p in uow.people.staff() if p.estate_id in (None, estate_id)]
    return found


def place(uow: UnitOfWork, request: HelpRequest) -> str:
    building = uow.estates.building(request.building_id) if request.building_id else None
    return building.name if building else ""


def queue(
    uow: UnitOfWork, account: str, now: datetime, key: str, person: Person, text: str
) -> bool:
    """One private message, once per key (a rerun of a job or a form queues nothing new)."""
    if person.id is None:
        return False
    return outbox.private_once(uow, account, person.id, text, f"{account}:{key}:{person.id}", now)


def queue_each(
    uow: UnitOfWork, account: str, now: datetime, key: str, people: Iterable[Person], text: str
) -> int:
    return sum(queue(uow, account, now, key, p, text) for p in people)
