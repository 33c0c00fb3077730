"""Queueing case messages in the outbox, and who hears what.

Residents hear progress in the group the case came from; the chasing (notices, reminders,
escalations) goes privately to party members and staff, and to the 小区's 党员群 — never to a
residents' group. Chasing waits for service hours unless the case is urgent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.absence import Absence
from bot.domain.cases import Case
from bot.domain.community import Group, GroupKind, Person, Role
from bot.domain.records import OutboxItem
from bot.domain.sla import SlaPolicy
from bot.ports import UnitOfWork
from bot.services.accounts import private_account


@dataclass
class Mailer:
    """Writes OutboxItems in the caller's transaction; keys are `key_base:n`, never reused.

    In a chat handler pass `sent=ctx.sent` and the reply key base, so the keys continue the
    handler's own numbering and the pipeline knows something was queued.
    """

    uow: UnitOfWork
    account: str
    now: datetime
    key_base: str
    policy: SlaPolicy
    sent: list[OutboxItem] = field(default_factory=list)

    def send(
        self,
        text: str,
        *,
        person: Person | None = None,
        group: Group | None = None,
        mentions: Iterable[int | None] = (),
        chase: bool = False,
        urgent: bool = False,
        evidence_id: int | None = None,
    ) -> OutboxItem:
        """Queue one message. `chase=True` marks internal chasing: it waits out quiet hours.
        `evidence_id`: a photo message sending that stored file (`text` is its label)."""
        if (group is None) == (person is None):
            raise ValueError("a message goes to exactly one group or one person")
        item = OutboxItem(
            account=group.account
            if group is not None
            else private_account(self.uow, person, self.account, self.now),
            text=text,
            created_at=self.now,
            key=f"{self.key_base}:{len(self.sent)}",
            group_id=group.id if group else None,
            person_id=person.id if person else None,
            mention_ids=[m for m in mentions if m is not None],
            not_before=self.policy.release_time(self.now, urgent) if chase else None,
            evidence_id=evidence_id,
        )
        self.uow.outbox.add(item)
        self.sent.append(item)
        return item

    def to_people(
        self, people: Iterable[Person], text: str, *, urgent: bool, skip: Iterable[int] = ()
    ) -> list[str]:
        """Chase each person once privately; returns their names."""
        done = set(skip)
        names = []
        for person in people:
            if person.id is None or person.id in done:
                continue
            done.add(person.id)
            self.send(text, person=person, chase=True, urgent=urgent)
            names.append(person.name)
        return names

    @property
    def day(self) -> date:
        """Today in the community's zone: the day an absence is looked up for."""
        return self.now.astimezone(self.policy.tz).date()

    def present(self, people: Iterable[Person]) -> list[Person]:
        """These people but those away today (the absence roster)."""
        people = list(people)
        gone = away(self.uow, people, self.day)
        return [p for p in people if p.id not in gone]

    def to_party_group(self, case: Case, text: str) -> bool:
        group = party_group(self.uow, case.estate_id, self.account)
        if group is None:
            return False
        self.send(text, group=group, chase=True, urgent=case.urgent)
        return True

    def to_reporters(self, case: Case, text: str) -> None:
        """Progress for the residents who reported, each where they reported: in a group
        with an @ (one message per group), privately to whoever reported privately or in a
        group the bot has left. A neighbour merged in from the 业主群 hears in the 业主群,
        where he can answer (and rate), not in a 楼栋群 he never wrote in."""
        assert case.id is not None
        places = self.uow.cases.reporter_places(case.id) or [(case.reporter_id, None, None)]
        by_group: dict[int, list[int]] = {}
        alone: list[int] = []
        for person_id, group_id, private in places:
            if private:
                alone.append(person_id)
                continue
            # Rows from before 0008 know no place: the case's own group, as it always was.
            where = group_id if group_id is not None else case.group_id
            if where is None:
                alone.append(person_id)
            else:
                by_group.setdefault(where, []).append(person_id)
        for group_id, ids in by_group.items():
            group = self.uow.groups.get(group_id)
            if group is not None and group.left_at is None:
                self.send(text, group=group, mentions=ids)
            else:
                alone += ids
        people = self.uow.people.many(alone)
        for person_id in dict.fromkeys(alone):
            if person_id in people:
                self.send(text, person=people[person_id])


def party_group(uow: UnitOfWork, estate_id: int, account: str) -> Group | None:
    """The 小区's 党员群, preferring one this account is in."""
    # Only the estate's 党员群 are read: a district has thousands of groups, and every
    # notice and escalation asks this.
    candidates = list(uow.groups.of_kind(estate_id, GroupKind.PARTY))
    candidates.sort(key=lambda g: (g.account != account, g.room_id is None, g.id or 0))
    return candidates[0] if candidates else None


def building_id(uow: UnitOfWork, case: Case) -> int | None:
    if not case.building:
        return None
    building = uow.estates.building_by_number(case.estate_id, case.building)
    return building.id if building else None


def building_party(uow: UnitOfWork, case: Case) -> list[Person]:
    """The case's 楼栋党小组: its leader first, then the members."""
    bid = building_id(uow, case)
    if bid is None:
        return []
    leaders = list(uow.people.with_role(case.estate_id, Role.LEADER, bid))
    return leaders + list(uow.people.with_role(case.estate_id, Role.MEMBER, bid))


def leaders(uow: UnitOfWork, case: Case) -> list[Person]:
    bid = building_id(uow, case)
    return list(uow.people.with_role(case.estate_id, Role.LEADER, bid)) if bid else []


def secretaries(uow: UnitOfWork, case: Case) -> list[Person]:
    return list(uow.people.with_role(case.estate_id, Role.SECRETARY))


def staff(uow: UnitOfWork, case: Case) -> list[Person]:
    return [p for p in uow.people.staff() if p.estate_id in (None, case.estate_id)]


def case_account(uow: UnitOfWork, case: Case, default: str) -> str:
    """The WeChat account that serves the case's group (several may share one database)."""
    group = uow.groups.get(case.group_id) if case.group_id else None
    return group.account if group is not None else default


def away(uow: UnitOfWork, people: Iterable[Person], day: date) -> dict[int, Absence]:
    """Who of these people said she is away on `day`, with her absence (round fifteen)."""
    return uow.absences.current([p.id for p in people if p.id is not None], day)
