"""The daily private digest of held messages to each 楼栋党小组长 (and the 支部书记).

Once a day, from the configured time on, every 楼栋党小组长 with pending 待确认 messages from
their building gets one private message listing them with their Q codes; messages without a
building (or from a building with no 组长) go to the 小区's 支部书记. A digest is recorded per
person and day in the same transaction as the message it queues, so a restart, a second
tick or a second process never sends it twice. Nothing pending: nothing sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.config import CommunityConfig
from bot.domain.community import Person, Role
from bot.domain.review import ReviewItem, render_digest
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.services import outbox
from bot.services.jobs import in_transaction


@dataclass(frozen=True)
class DigestSchedule:
    at: time
    tz: ZoneInfo


def digest_schedule(config: CommunityConfig) -> DigestSchedule:
    hours, minutes = config.review.digest_time.split(":")
    return DigestSchedule(time(int(hours), int(minutes)), ZoneInfo(config.community.timezone))


def recipients(
    uow: UnitOfWork, items: list[ReviewItem]
) -> dict[int, tuple[Person, list[ReviewItem]]]:
    """Who hears about which message: the 楼栋's 组长, else the 小区's 支部书记."""
    found: dict[int, tuple[Person, list[ReviewItem]]] = {}
    leaders: dict[tuple[int, int], list[Person]] = {}
    secretaries: dict[int, list[Person]] = {}
    for item in items:
        people: list[Person] = []
        if item.building_id is not None:
            key = (item.estate_id, item.building_id)
            if key not in leaders:
                leaders[key] = list(
                    uow.people.with_role(item.estate_id, Role.LEADER, item.building_id)
                )
            people = leaders[key]
        if not people:
            if item.estate_id not in secretaries:
                secretaries[item.estate_id] = list(
                    uow.people.with_role(item.estate_id, Role.SECRETARY)
                )
            people = secretaries[item.estate_id]
        for person in people:
            if person.id is not None:
                found.setdefault(person.id, (person, []))[1].append(item)
    return found


def send_digests(uow: UnitOfWork, account: str, now: datetime, schedule: DigestSchedule) -> int:
    """Queue today's digests not sent yet; returns how many went out."""
    local = now.astimezone(schedule.tz)
    if local.time() < schedule.at:
        return 0
    day = local.date().isoformat()
    items = list(uow.review.pending(account=account, before=now))
    if not items:
        return 0
    groups = {g.id: g.topic for g in uow.groups.all() if g.id is not None}
    senders = uow.people.many(sorted({i.sender_id for i in items}))
    names = {pid: p.name for pid, p in senders.items()}
    sent = 0
    for person_id, (_person, its) in recipients(uow, items).items():
        if uow.review.digest_sent(person_id, day):
            continue
        text = render_digest(its, names, groups, schedule.tz)
        key = f"{account}:review-digest:{day}:p{person_id}"
        outbox.private_once(uow, account, person_id, text, key, now)
        uow.review.add_digest(person_id, day, now, len(its))
        sent += 1
    return sent


def make_jobs(
    uow_factory: UnitOfWorkFactory, account: str, schedule: DigestSchedule
) -> list[Callable[[datetime], int]]:
    digest = in_transaction(uow_factory, lambda uow, now: send_digests(uow, account, now, schedule))

    def daily_digest(now: datetime) -> int:
        if now.astimezone(schedule.tz).time() < schedule.at:
            return 0  # checked first: most ticks then open no transaction at all
        return digest(now)

    return [daily_digest]
