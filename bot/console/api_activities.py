"""The JSON API's activities: a month's calendar and creating an activity."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from bot.console.api_base import ApiError, api_user, int_field, month_field, read_body, str_field
from bot.console.base import in_uow, linli
from bot.console.views_activities import visible as activity_visible
from bot.console.views_broadcasts import actor_label
from bot.domain.points import month_bounds
from bot.ports import UnitOfWork
from bot.services.activities import planning
from bot.services.activities.planning import ActivityInput


async def list_activities(request: web.Request) -> web.Response:
    staff, bot = api_user(request), linli(request)
    tz = bot.profile.tz
    month = month_field(
        request.query.get("month") or bot.clock.now().astimezone(tz).strftime("%Y-%m")
    )
    start, end = month_bounds(month, tz)

    def load(uow: UnitOfWork) -> list[dict[str, Any]]:
        return [
            {
                "id": a.id,
                "title": a.title,
                "kind": a.kind,
                "starts_at": a.starts_at.astimezone(tz).isoformat(),
                "ends_at": a.ends_at.astimezone(tz).isoformat(),
                "capacity": a.capacity,
                "points": a.points,
                "status": str(a.status),
                "signed_up": len([s for s in uow.activities.signups(a.id or 0) if s.active]),
            }
            for a in uow.activities.between(start, end, planned_only=False)
            if activity_visible(uow, staff, a)
        ]

    return web.json_response({"ok": True, "activities": await in_uow(request, load, False)})


def _datetime(body: dict[str, Any], name: str, tz: Any) -> datetime:
    value = str_field(body, name, 40)
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name} must be a date-time like 2026-12-06T09:00") from None
    return when if when.tzinfo else when.replace(tzinfo=tz)


async def create_activity(request: web.Request) -> web.Response:
    staff, bot = api_user(request), linli(request)
    body = await read_body(request)
    schedule = bot.profile.activity_schedule
    assert schedule is not None
    starts, ends = (
        _datetime(body, "starts_at", schedule.tz),
        _datetime(body, "ends_at", schedule.tz),
    )
    if ends <= starts:
        raise ApiError(400, "ends_at must be after starts_at")
    data = ActivityInput(
        title=str_field(body, "title", 100),
        starts_at=starts,
        ends_at=ends,
        venue=str_field(body, "venue", 100, required=False),
        kind=str_field(body, "kind", 20, required=False) or "其他",
        capacity=int_field(body, "capacity") or None,
        audience=str_field(body, "audience", 200, required=False) or "全部",
        points=int_field(body, "points", 0) or 0,
        description=str_field(body, "description", 200, required=False),
    )
    at = bot.clock.now()

    def work(uow: UnitOfWork) -> int:
        activity = planning.create(
            uow,
            data,
            actor=actor_label(staff),
            schedule=schedule,
            now=at,
            scope_estate_id=staff.scope_estate,
        )
        return activity.id or 0

    activity_id = await in_uow(request, work, True)
    return web.json_response({"ok": True, "id": activity_id}, status=201)
