"""The JSON API (/api/v1): the console's operations for machine clients, with bearer tokens
from the config's [console] api_tokens, and the OpenAPI document at /api/openapi.json.

A token acts with the rights of a console role; a secretary token sees one 小区 and gets 404
for anything outside it. Every change is audited under "api:<token name>". Errors are JSON
{"ok": false, "error": "..."}; bad input is a 4xx, never a 500.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.console import (
    api_activities,
    api_broadcasts,
    api_cases,
    api_dashboard,
    api_points,
    api_review,
)
from bot.console.api_base import API_USER, ApiError
from bot.console.api_spec import openapi_document
from bot.console.base import call, linli
from bot.console.security import same_secret
from bot.domain.activities import ActivityError
from bot.domain.lifecycle import Refused
from bot.domain.points import AwardRefused
from bot.domain.review import ReviewRefused
from bot.domain.staff import StaffRole, StaffUser
from bot.services.broadcasts import BroadcastError
from bot.services.console_stats import PeriodError

ApiHandler = Callable[[web.Request], Awaitable[web.Response]]


def register(app: web.Application) -> None:
    app.router.add_get("/api/openapi.json", spec)
    routes: list[tuple[str, str, ApiHandler]] = [
        ("GET", "/api/v1/cases", api_cases.list_cases),
        ("GET", "/api/v1/cases/{code}", api_cases.get_case),
        ("POST", "/api/v1/cases/{code}/dispatch", api_cases.case_dispatch),
        ("POST", "/api/v1/cases/{code}/progress", api_cases.case_progress),
        ("POST", "/api/v1/cases/{code}/resolve", api_cases.case_resolve),
        ("POST", "/api/v1/cases/{code}/reopen", api_cases.case_reopen),
        ("POST", "/api/v1/cases/{code}/category", api_review.case_category),
        ("GET", "/api/v1/review", api_review.list_review),
        ("POST", "/api/v1/review/{code}/convert", api_review.review_convert),
        ("POST", "/api/v1/review/{code}/dismiss", api_review.review_dismiss),
        ("GET", "/api/v1/broadcasts", api_broadcasts.list_broadcasts),
        ("POST", "/api/v1/broadcasts", api_broadcasts.create_broadcast),
        ("GET", "/api/v1/broadcasts/{bid}", api_broadcasts.get_broadcast),
        ("POST", "/api/v1/broadcasts/{bid}/confirm", api_broadcasts.confirm_broadcast),
        ("GET", "/api/v1/activities", api_activities.list_activities),
        ("POST", "/api/v1/activities", api_activities.create_activity),
        ("GET", "/api/v1/points/ledger", api_points.ledger),
        ("POST", "/api/v1/points/awards", api_points.award),
        ("GET", "/api/v1/dashboard", api_dashboard.dashboard),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, path, _guarded(handler))


async def spec(request: web.Request) -> web.Response:
    return web.json_response(openapi_document(linli(request).config.community.name))


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status)


def _guarded(handler: ApiHandler) -> ApiHandler:
    async def run(request: web.Request) -> web.Response:
        staff = await call(request, _token_user, request)
        if staff is None:
            return _error(401, "missing or unknown bearer token")
        request[API_USER] = staff
        try:
            return await handler(request)
        except ApiError as problem:
            return _error(problem.status, problem.message)
        except (
            Refused,
            ReviewRefused,
            BroadcastError,
            ActivityError,
            AwardRefused,
            PeriodError,
        ) as refused:
            conflict = isinstance(refused, (Refused, ReviewRefused))
            return _error(409 if conflict else 422, str(refused))

    return run


def _token_user(request: web.Request) -> StaffUser | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    bot = linli(request)
    found = None
    for entry in bot.config.console.api_tokens:  # compare all: no timing hint of which matched
        if same_secret(token.strip(), entry.token):
            found = entry
    if found is None:
        return None
    estate_id = None
    if found.estate:
        with bot.uow_factory() as uow:
            estate = uow.estates.by_key(found.estate)
            if estate is None:
                # Fail closed (probe8): a 小区 that is gone must not widen a secretary's
                # token to the whole community (estate_id None means every 小区).
                return None
            estate_id = estate.id
    return StaffUser(
        username=f"api:{found.name}",
        name=found.name,
        role=StaffRole(found.role),
        password_hash="!",
        estate_id=estate_id,
    )
