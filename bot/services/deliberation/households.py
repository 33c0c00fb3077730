"""Households (户): the units of a 楼栋 with their 专有部分面积 and owners, from the roster.

They come from the roster import (columns 房号, 专有部分面积, 产权人) or, for the demo, from
the config's [[households]]. A unit is verified (its ballot counts) once it has an area and at
least one owner matched to a person the bot knows.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from bot.config import CommunityConfig
from bot.domain.community import Person
from bot.ports import UnitOfWork

_WECHAT_ID = re.compile(r"(wxid_|sim:)\S+")


def sync_households(uow: UnitOfWork, config: CommunityConfig, now: datetime) -> int:
    """Make the database hold the config's households (idempotent). Returns how many."""
    ids = {m.name: m.wechat_id for m in config.members}
    ids.update({m.shown_name: m.wechat_id for m in config.members})
    ids.update({s.name: s.wechat_id for s in config.staff if s.wechat_id})
    for hc in config.households:
        estate = uow.estates.by_key(hc.estate)
        assert estate is not None and estate.id is not None, "config references are checked"
        building = uow.estates.building_by_number(estate.id, hc.building)
        assert building is not None and building.id is not None
        household = uow.households.upsert(estate.id, building.id, hc.room, hc.area, now)
        for names, owner in ((hc.owners, True), (hc.residents, False)):
            for name in names:
                person = _person(uow, name, ids, estate.id, building.id, now)
                assert person.id is not None
                uow.households.set_member(household, person.id, owner)
    return len(config.households)


def _person(
    uow: UnitOfWork, name: str, ids: dict[str, str], estate_id: int, building_id: int, now: datetime
) -> Person:
    # A name the config does not know is the simulator's and the replay's "sim:<name>".
    wechat_id = name if _WECHAT_ID.fullmatch(name) else ids.get(name, f"sim:{name}")
    person = uow.people.by_wechat_id(wechat_id)
    if person is None:
        shown = name.removeprefix("sim:")
        person = uow.people.add(
            Person(wechat_id=wechat_id, display_name=shown, first_seen=now, estate_id=estate_id)
        )
    if person.estate_id is None:
        person.estate_id = estate_id
    if person.building_id is None:
        person.building_id = building_id
    return person


def attach(
    uow: UnitOfWork,
    person: Person,
    estate_id: int,
    building_id: int,
    room: str,
    area: Decimal | None,
    owner: bool,
    now: datetime,
) -> None:
    """A roster row with a 房号: file the person under that unit (owner or not)."""
    assert person.id is not None
    household = uow.households.upsert(estate_id, building_id, room, area, now)
    uow.households.set_member(household, person.id, owner)
