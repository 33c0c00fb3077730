"""The JSON API's dashboard: a period's case, 2341 and satisfaction figures."""

from __future__ import annotations

from aiohttp import web

from bot.console.api_base import api_user
from bot.console.base import in_uow, linli
from bot.services import console_stats


async def dashboard(request: web.Request) -> web.Response:
    staff, bot = api_user(request), linli(request)
    at, tz = bot.clock.now(), bot.profile.tz
    key = request.query.get("period") or None
    d = await in_uow(
        request,
        lambda uow: console_stats.dashboard(
            uow, now=at, tz=tz, key=key, estate_id=staff.scope_estate
        ),
        False,
    )
    return web.json_response(
        {
            "ok": True,
            "period": d.period.key,
            "opened": d.opened,
            "open_now": d.open_now,
            "overdue_now": d.overdue_now,
            "response_rate": d.response.rate,
            "resolution_rate": d.resolution.rate,
            "satisfaction_rate": d.satisfaction.rate,
            "compliance": {str(s): r.rate for s, r in d.steps.items()},
            "by_category": dict(d.by_category),
            "by_building": dict(d.by_building),
            "by_month": dict(d.by_month),
            "top_problems": [
                {"problem": p.label, "cases": p.cases, "residents": p.residents}
                for p in d.top_problems
            ],
            "wishes_fulfilled": d.wishes_fulfilled,
            "points_awarded": d.points_awarded,
        }
    )
