"""The 清单 and 帮办代办点 as the core sees them, built from the config's [helpdesk]."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config import CommunityConfig
from bot.config_helpdesk import HelpServiceConfig
from bot.domain.community import Person
from bot.domain.helpdesk import FLAGS_KEY, Catalog, Point, Service
from bot.domain.sla import QuietHours
from bot.ports import UnitOfWork


def catalog_from_config(config: CommunityConfig) -> Catalog:
    section = config.helpdesk
    if not section.enabled:
        return Catalog()
    return Catalog(
        services=tuple(_service(s) for s in section.services),
        points=tuple(
            Point(
                key=p.key,
                name=p.name,
                estate_key=p.estate,
                address=p.address,
                hours=p.hours,
                phone=p.phone,
            )
            for p in section.points
        ),
        team_ids=frozenset(section.team),
        points_rule=section.points_rule,
        quiet=QuietHours(_clock(config.sla.quiet_start), _clock(config.sla.quiet_end)),
        tz=ZoneInfo(config.community.timezone),
    )


def _clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def _service(s: HelpServiceConfig) -> Service:
    if s.turnaround_days is not None:
        turnaround = f"{s.turnaround_days}个工作日内"
    elif s.turnaround_hours is not None:
        turnaround = f"{s.turnaround_hours:g}小时内"
    else:
        turnaround = ""
    return Service(
        key=s.key,
        name=s.name,
        point_key=s.point,
        synonyms=tuple(w.strip() for w in s.synonyms),
        who=tuple(s.who),
        respond=timedelta(hours=s.respond_hours),
        turnaround=turnaround,
        points=s.points,
        hours=s.hours,
        description=s.description,
    )


def sync_residents(uow: UnitOfWork, config: CommunityConfig, now: datetime) -> None:
    """The 关爱 flags the config lists ([[helpdesk.residents]]) onto those people, creating
    the ones the bot has not met yet (as [[members]] are). Idempotent; run at every start."""
    estates = {e.key: e for e in uow.estates.all()}
    for entry in config.helpdesk.residents:
        person = uow.people.by_wechat_id(entry.wechat_id) or uow.people.add(
            Person(wechat_id=entry.wechat_id, display_name=entry.name, first_seen=now)
        )
        estate = estates.get(entry.estate) if entry.estate else None
        if estate is not None and estate.id is not None:
            person.estate_id = estate.id
            if entry.building:
                building = uow.estates.building_by_number(estate.id, entry.building)
                person.building_id = building.id if building else person.building_id
        text = "、".join(entry.flags)
        if (person.extra or {}).get(FLAGS_KEY) != text:
            person.extra = {**(person.extra or {}), FLAGS_KEY: text}
