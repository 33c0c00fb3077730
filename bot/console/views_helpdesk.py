"""帮办代办 in the console: the 清单 and 点, requests by state, the team, the month's 台账, and
entering a request taken at the counter or by phone (many elderly people do not type)."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import in_uow, int_or_none, linli, now, run_action, text_field, user
from bot.domain.community import Person
from bot.domain.helpdesk import (
    CHANNEL_LABELS,
    STATUS_LABELS,
    Catalog,
    Channel,
    Refused,
    Status,
    care_flags,
)
from bot.domain.points import month_of
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services.board import audit
from bot.services.helpdesk import requests as desk
from bot.services.helpdesk.catalog import catalog_from_config
from bot.services.helpdesk.stats import month_report
from bot.services.helpdesk.team import team


def register(app: web.Application) -> None:
    app.router.add_get("/helpdesk", helpdesk_page)
    app.router.add_post("/helpdesk/enter", helpdesk_enter)


def _catalog(request: web.Request) -> Catalog:
    return catalog_from_config(linli(request).config)


def _month(text: str | None) -> str | None:
    if text and len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        return text if 1 <= int(text[5:]) <= 12 and 2000 <= int(text[:4]) <= 2100 else None
    return None


@aiohttp_jinja2.template("helpdesk.html")
async def helpdesk_page(request: web.Request) -> dict[str, Any]:
    staff, bot = user(request), linli(request)
    catalog = _catalog(request)
    tz = bot.profile.tz
    month = _month(request.query.get("month")) or month_of(now(request), tz)
    status_text = request.query.get("status") or ""
    status = Status(status_text) if status_text in STATUS_LABELS else None

    def load(uow: UnitOfWork) -> dict[str, Any]:
        estates = [e for e in uow.estates.all() if staff.may_see_estate(e.id)]
        rows = uow.helpdesk.find(estate_id=staff.scope_estate, status=status, limit=300)
        people = uow.people.many(
            sorted({i for r in rows for i in (r.requester_id, r.claimer_id) if i is not None})
        )
        members: list[tuple[Person, str, str]] = []
        buildings = {b.id: b for b in uow.estates.buildings()}
        names = {e.id: e.name for e in estates}
        for estate in estates:
            assert estate.id is not None
            for p in team(uow, catalog, estate.id):
                building = buildings.get(p.building_id) if p.building_id else None
                members.append((p, names[estate.id], building.name if building else ""))
        return {
            "estates": estates,
            "buildings": [b for b in buildings.values() if staff.may_see_estate(b.estate_id)],
            "rows": rows,
            "files": uow.evidence.for_helps([r.id for r in rows if r.id is not None]),
            "people": people,
            "places": {b.id: b.name for b in buildings.values()},
            "members": members,
            "report": month_report(uow, catalog, month, tz, staff.scope_estate),
        }

    data = await in_uow(request, load)
    return {
        **data,
        "catalog": catalog,
        "month": month,
        "status": status_text,
        "statuses": STATUS_LABELS,
        "channels": CHANNEL_LABELS,
        "flags_of": care_flags,
    }


async def helpdesk_enter(request: web.Request) -> web.StreamResponse:
    staff, bot = user(request), linli(request)
    catalog = _catalog(request)
    form = await request.post()
    at = now(request)

    def work(uow: UnitOfWork) -> str:
        service = catalog.service(text_field(form, "service", 64))
        if service is None:
            raise Refused("请从清单里选择服务。")
        estate_id = int_or_none(form.get("estate"))
        estate = uow.estates.get(estate_id) if estate_id else None
        if estate is None or not staff.may_see_estate(estate.id):
            raise Refused("请选择您负责的小区。")
        assert estate.id is not None
        building_id = int_or_none(form.get("building"))
        building = uow.estates.building(building_id) if building_id else None
        if building is not None and building.estate_id != estate.id:
            raise Refused("楼栋不属于所选的小区。")
        resident = _resident(uow, staff, estate.id, text_field(form, "resident", 40))
        channel_text = text_field(form, "channel", 16)
        channel = Channel(channel_text) if channel_text in ("counter", "phone") else Channel.COUNTER
        phone = text_field(form, "phone", 40)
        if phone and not all(c.isdigit() or c in "-+ " for c in phone):
            raise Refused("电话号码只能写数字和短横线。")
        request_, offered = desk.enter(
            uow,
            catalog,
            estate_id=estate.id,
            service=service,
            resident=resident,
            contact_name=text_field(form, "name", 40),
            contact_phone=phone,
            address=text_field(form, "address", 200),
            wanted=text_field(form, "wanted", 100),
            note=text_field(form, "note", 300),
            channel=channel,
            building_id=building.id if building else None,
            entered_by=staff.name,
            now=at,
            account=bot.settings.account,
        )
        who = resident.name if resident else request_.contact_name
        audit(uow, staff, "helpdesk.enter", at, request_.code, f"{service.name} {who}")
        sent = f"已派给 {len(offered)} 位队员" if offered else "本小区暂无帮办代办队员，已进入督办"
        return f"已登记帮办 {request_.code}「{service.name}」（{who}），{sent}。"

    await run_action(request, work, back_to="/helpdesk", refused=Refused)


def _resident(uow: UnitOfWork, staff: StaffUser, estate_id: int, name: str) -> Person | None:
    """The named resident of the 小区, or None for a walk-in; several or another 小区: refused."""
    if not name:
        return None
    found = [p for p in uow.people.by_display_name(name) if p.estate_id == estate_id]
    if not found:
        found = [
            p
            for p in uow.helpdesk.people_of(estate_id)
            if p.real_name == name and staff.may_see_estate(p.estate_id)
        ]
    if len(found) > 1:
        raise Refused(f"小区里有 {len(found)} 位「{name}」，请改填来访人姓名和电话。")
    if not found:
        raise Refused(f"小区名册里没有「{name}」。不在名册的来访居民请填写「来访人姓名」和电话。")
    return found[0]
