"""The JSON API's points: the ledger (by month and rule) and awarding points by a rule."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console.api_base import (
    ApiError,
    Page,
    api_user,
    int_field,
    month_field,
    read_body,
    str_field,
)
from bot.console.base import POLICY, in_uow, linli
from bot.domain.points import month_bounds
from bot.ports import UnitOfWork
from bot.services import console_cases, points
from bot.services.board import audit


async def ledger(request: web.Request) -> web.Response:
    staff, bot = api_user(request), linli(request)
    tz = bot.profile.tz
    month = request.query.get("month")
    start, end = month_bounds(month_field(month), tz) if month else (None, None)
    rule = (request.query.get("rule") or "")[:40] or None
    page = Page(request, 1000, cursor="after")  # oldest first: the next page is after

    def load(uow: UnitOfWork) -> list[dict[str, Any]]:
        # Names joined in the database, not looked up by a list of up to 1,000 ids.
        named = uow.points_reports.named_entries(
            estate_id=staff.scope_estate,
            rule=rule,
            start=start,
            end=end,
            limit=page.limit,
            after=page.cursor,
        )
        return [
            {
                "id": e.id,
                "at": e.at.astimezone(tz).isoformat(),
                "person": display or real or wxid,  # as Person.name
                "rule": e.rule,
                "kind": str(e.kind),
                "points": e.points,
                "reason": e.reason,
                "actor": e.actor,
                "reverses": e.reverses_id,
            }
            for e, real, display, wxid in named
        ]

    entries = await in_uow(request, load, False)
    body = {"ok": True, "entries": entries}
    return web.json_response(page.answer(body, [e["id"] for e in entries]))


async def award(request: web.Request) -> web.Response:
    staff, bot = api_user(request), linli(request)
    policy = request.app[POLICY]
    body = await read_body(request)
    who, rule_name = str_field(body, "who", 40), str_field(body, "rule", 40)
    units = int_field(body, "units", 1) or 1
    reason = str_field(body, "reason", 200, required=False)
    at, tz = bot.clock.now(), bot.profile.tz

    def work(uow: UnitOfWork) -> dict[str, Any]:
        found = [p for p in uow.points.people_named(who) if staff.may_see_estate(p.estate_id)]
        if len(found) != 1:
            raise ApiError(404 if not found else 409, f"{len(found)} people named {who!r}")
        rule = points.find_rule(policy, rule_name)
        if units > rule.max_units:
            raise ApiError(400, f"units must be at most {rule.max_units}")
        result = points.award(
            uow,
            policy,
            person=found[0],
            rule_name=rule.name,
            units=units,
            actor=console_cases.actor_for(uow, staff),
            actor_label=staff.name,
            reason=reason,
            now=at,
            tz=tz,
        )
        assert result.entry is not None
        audit(uow, staff, "points.award", at, result.entry.code, f"{found[0].name} {rule.name}")
        return {"ok": True, "entry": result.entry.id, "balance": result.balance}

    return web.json_response(await in_uow(request, work, True), status=201)
