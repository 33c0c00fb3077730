"""The JSON API (/api/v1): the console's operations for machine clients, with bearer tokens
from the config's [console] api_tokens, and the OpenAPI document at /api/openapi.json.

A token acts with the rights of a console role; a secretary token sees one 小区 and gets 404
for anything outside it. Every change is audited under "api:<token name>". Errors are JSON
{"ok": false, "error": "..."}; bad input is a 4xx, never a 500.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.console.api_spec import openapi_document
from bot.console.base import POLICY, call, int_or_none, linli
from bot.console.views_activities import visible as activity_visible
from bot.console.views_broadcasts import actor_label, parse_when
from bot.console.views_broadcasts import visible as broadcast_visible
from bot.domain.activities import ActivityError
from bot.domain.broadcasts import MAX_NOTICE_CHARS
from bot.domain.cases import CATEGORY_LABELS, STATUS_LABELS, Case, parse_case_code
from bot.domain.lifecycle import Refused
from bot.domain.points import AwardRefused, month_bounds
from bot.domain.staff import StaffRole, StaffUser
from bot.ports import UnitOfWork
from bot.services import activities, broadcasts, console_cases, console_stats, points
from bot.services.activities import ActivityInput
from bot.services.board import audit
from bot.services.broadcasts import BroadcastError
from bot.services.console_cases import BoardFilter, BoardRow
from bot.services.console_stats import PeriodError

API_USER = web.RequestKey("api_user", StaffUser)
MAX_BODY = 64 * 1024
ApiHandler = Callable[[web.Request], Awaitable[web.Response]]


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def register(app: web.Application) -> None:
    app.router.add_get("/api/openapi.json", spec)
    routes: list[tuple[str, str, ApiHandler]] = [
        ("GET", "/api/v1/cases", list_cases),
        ("GET", "/api/v1/cases/{code}", get_case),
        ("POST", "/api/v1/cases/{code}/dispatch", case_dispatch),
        ("POST", "/api/v1/cases/{code}/progress", case_progress),
        ("POST", "/api/v1/cases/{code}/resolve", case_resolve),
        ("POST", "/api/v1/cases/{code}/reopen", case_reopen),
        ("GET", "/api/v1/broadcasts", list_broadcasts),
        ("POST", "/api/v1/broadcasts", create_broadcast),
        ("GET", "/api/v1/broadcasts/{bid}", get_broadcast),
        ("POST", "/api/v1/broadcasts/{bid}/confirm", confirm_broadcast),
        ("GET", "/api/v1/activities", list_activities),
        ("POST", "/api/v1/activities", create_activity),
        ("GET", "/api/v1/points/ledger", ledger),
        ("POST", "/api/v1/points/awards", award),
        ("GET", "/api/v1/dashboard", dashboard),
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
        except (Refused, BroadcastError, ActivityError, AwardRefused, PeriodError) as refused:
            return _error(409 if isinstance(refused, Refused) else 422, str(refused))

    return run


def _token_user(request: web.Request) -> StaffUser | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    bot = linli(request)
    found = None
    for entry in bot.config.console.api_tokens:  # compare all: no timing hint of which matched
        if secrets.compare_digest(entry.token.encode(), token.strip().encode()):
            found = entry
    if found is None:
        return None
    estate_id = None
    if found.estate:
        with bot.uow_factory() as uow:
            estate = uow.estates.by_key(found.estate)
            estate_id = estate.id if estate else None
    return StaffUser(
        username=f"api:{found.name}",
        name=found.name,
        role=StaffRole(found.role),
        password_hash="!",
        estate_id=estate_id,
    )


def _staff(request: web.Request) -> StaffUser:
    return request[API_USER]


async def _body(request: web.Request) -> dict[str, Any]:
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise ApiError(413, "body too large")
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "body must be JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "body must be a JSON object")
    return body


def _str(body: dict[str, Any], name: str, limit: int, *, required: bool = True) -> str:
    value = body.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(400, f"{name} must be a non-empty string")
    if len(value) > limit:
        raise ApiError(400, f"{name} is longer than {limit} characters")
    return value.strip()


def _int(body: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = body.get(name, default)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
        raise ApiError(400, f"{name} must be a non-negative integer")
    return value


async def _work(request: web.Request, fn: Callable[[UnitOfWork], Any], commit: bool) -> Any:
    factory = linli(request).uow_factory

    def run() -> Any:
        with factory() as uow:
            result = fn(uow)
            if commit:
                uow.commit()
            return result

    return await call(request, run)


# ---- cases ----------------------------------------------------------------------------------


def _case_json(row: BoardRow, tz: Any) -> dict[str, Any]:
    c = row.case
    return {
        "code": c.code,
        "category": c.category,
        "category_label": c.category_label,
        "estate": row.estate,
        "building": c.building,
        "place": c.place,
        "summary": c.summary,
        "status": str(c.status),
        "status_label": c.status.label,
        "urgent": c.urgent,
        "reporters": c.reporters,
        "assignee": row.assignee,
        "overdue": row.overdue,
        "rung": row.rung,
        "opened_at": c.opened_at.astimezone(tz).isoformat(),
        "steps": [
            {
                "step": str(s.step),
                "label": s.label,
                "due": s.due.astimezone(tz).isoformat() if s.due else None,
                "met": s.met.astimezone(tz).isoformat() if s.met else None,
                "state": s.state,
            }
            for s in row.steps
        ],
    }


async def list_cases(request: web.Request) -> web.Response:
    q = request.query
    staff = _staff(request)
    status = q.get("status") or None
    if status not in (None, "open", *STATUS_LABELS):
        raise ApiError(400, "unknown status")
    category = q.get("category") or None
    if category is not None and category not in CATEGORY_LABELS:
        raise ApiError(400, "unknown category")
    filters = BoardFilter(
        status=status,
        category=category,
        estate_id=int_or_none(q.get("estate")),
        building=(q.get("building") or "")[:16] or None,
        urgent=q.get("urgent") == "true",
        overdue=q.get("overdue") == "true",
    )
    at, tz = linli(request).clock.now(), linli(request).profile.tz
    rows = await _work(request, lambda uow: console_cases.board(uow, staff, filters, at), False)
    return web.json_response({"ok": True, "cases": [_case_json(r, tz) for r in rows]})


def _case_id(request: web.Request) -> int:
    case_id = parse_case_code(request.match_info["code"])
    if case_id is None or case_id >= 2**31:
        raise ApiError(404, "no such case")
    return case_id


async def get_case(request: web.Request) -> web.Response:
    case_id, staff = _case_id(request), _staff(request)
    bot = linli(request)
    at, tz = bot.clock.now(), bot.profile.tz

    def load(uow: UnitOfWork) -> dict[str, Any] | None:
        view = console_cases.case_view(uow, staff, case_id, at)
        if view is None:
            return None
        return {
            **_case_json(view.row, tz),
            "timeline": [
                {"at": e.at.astimezone(tz).isoformat(), "kind": str(e.kind), "text": e.text}
                for e in view.events
            ],
            "members": [{"id": p.id, "name": p.name} for p in view.members],
        }

    found = await _work(request, load, False)
    if found is None:
        raise ApiError(404, "no such case")
    return web.json_response({"ok": True, "case": found})


async def _case_action(
    request: web.Request, act: Callable[[UnitOfWork, StaffUser, Case, dict[str, Any]], None]
) -> web.Response:
    case_id, staff = _case_id(request), _staff(request)
    body = await _body(request)

    def work(uow: UnitOfWork) -> dict[str, Any] | None:
        case = console_cases.visible_case(uow, staff, case_id)
        if case is None:
            return None
        act(uow, staff, case, body)
        return {"ok": True, "case": case.code, "status": str(case.status)}

    found = await _work(request, work, True)
    if found is None:
        raise ApiError(404, "no such case")
    return web.json_response(found)


def _kw(request: web.Request) -> dict[str, Any]:
    bot = linli(request)
    return {"account": bot.settings.account, "now": bot.clock.now(), "policy": bot.profile.sla}


async def case_dispatch(request: web.Request) -> web.Response:
    kw = _kw(request)

    def act(uow: UnitOfWork, staff: StaffUser, case: Case, body: dict[str, Any]) -> None:
        member = _int(body, "member_id")
        if member is None:
            raise ApiError(400, "member_id is required")
        console_cases.dispatch(uow, staff, case, member, **kw)

    return await _case_action(request, act)


async def case_progress(request: web.Request) -> web.Response:
    kw = _kw(request)

    def act(uow: UnitOfWork, staff: StaffUser, case: Case, body: dict[str, Any]) -> None:
        plan = body.get("plan", False)
        if not isinstance(plan, bool):
            raise ApiError(400, "plan must be true or false")
        text = _str(body, "text", 1000)
        console_cases.add_progress(uow, staff, case, text, plan=plan, **kw)

    return await _case_action(request, act)


async def case_resolve(request: web.Request) -> web.Response:
    kw = _kw(request)

    def act(uow: UnitOfWork, staff: StaffUser, case: Case, body: dict[str, Any]) -> None:
        console_cases.resolve(uow, staff, case, _str(body, "text", 1000), **kw)

    return await _case_action(request, act)


async def case_reopen(request: web.Request) -> web.Response:
    kw = _kw(request)

    def act(uow: UnitOfWork, staff: StaffUser, case: Case, body: dict[str, Any]) -> None:
        console_cases.reopen(uow, staff, case, _str(body, "text", 1000), **kw)

    return await _case_action(request, act)


# ---- broadcasts ---------------------------------------------------------------------------


def _progress_json(p: broadcasts.Progress, tz: Any) -> dict[str, Any]:
    b = p.broadcast
    return {
        "id": b.id,
        "code": b.code,
        "state": str(b.status),
        "targets": b.targets,
        "text": b.text,
        "scheduled_at": b.scheduled_at.astimezone(tz).isoformat() if b.scheduled_at else None,
        "groups": len(b.group_ids),
        "sent": p.sent,
        "pending": p.pending,
        "failed": p.failed,
        "delivery": [
            {"group": g.topic, "status": g.status, "attempts": g.attempts, "error": g.error}
            for g in p.groups
        ],
    }


async def list_broadcasts(request: web.Request) -> web.Response:
    staff = _staff(request)
    tz = linli(request).profile.tz
    report = await _work(
        request,
        lambda uow: [
            _progress_json(broadcasts.progress(uow, s.broadcast.id or 0), tz)
            for s in broadcasts.summaries(uow, 50, estate_id=staff.scope_estate)
        ],
        False,
    )
    return web.json_response({"ok": True, "broadcasts": report})


async def create_broadcast(request: web.Request) -> web.Response:
    staff, bot = _staff(request), linli(request)
    body = await _body(request)
    targets = body.get("targets")
    if (
        not isinstance(targets, list)
        or not targets
        or len(targets) > 100
        or not all(isinstance(t, str) and 0 < len(t.strip()) <= 100 for t in targets)
    ):
        raise ApiError(400, "targets must be a list of 小区, 楼栋 or group names")
    text = _str(body, "text", MAX_NOTICE_CHARS + 100)
    when_text = body.get("scheduled_at") or ""
    if not isinstance(when_text, str) or len(when_text) > 40:
        raise ApiError(400, "scheduled_at must be a local date-time like 2026-12-01T08:00")
    confirm = body.get("confirm", False)
    if not isinstance(confirm, bool):
        raise ApiError(400, "confirm must be true or false")
    at, tz = bot.clock.now(), bot.profile.tz

    def work(uow: UnitOfWork) -> dict[str, Any]:
        when = parse_when(when_text, at, tz)
        draft = broadcasts.compose(
            uow,
            account=bot.settings.account,
            actor=actor_label(staff),
            targets="、".join(t.strip() for t in targets),
            body=text,
            community=bot.config.community.name,
            tz=tz,
            now=at,
            scope_estate_id=staff.scope_estate,
            scheduled_at=when,
        )
        b = draft.broadcast
        assert b.id is not None
        audit(uow, staff, "broadcast.compose", at, b.code, b.text)
        if confirm:
            broadcasts.confirm(uow, b.id, actor=actor_label(staff), now=at)
        return {**_progress_json(broadcasts.progress(uow, b.id), tz), "preview": draft.preview}

    result = await _work(request, work, True)
    return web.json_response({"ok": True, "broadcast": result}, status=201)


def _broadcast_id(request: web.Request) -> int:
    number = int_or_none(request.match_info["bid"])
    if number is None or number <= 0:
        raise ApiError(404, "no such broadcast")
    return number


async def get_broadcast(request: web.Request) -> web.Response:
    staff, broadcast_id = _staff(request), _broadcast_id(request)
    tz = linli(request).profile.tz

    def load(uow: UnitOfWork) -> dict[str, Any] | None:
        if broadcast_visible(uow, staff, broadcast_id) is None:
            return None
        return _progress_json(broadcasts.progress(uow, broadcast_id), tz)

    found = await _work(request, load, False)
    if found is None:
        raise ApiError(404, "no such broadcast")
    return web.json_response({"ok": True, "broadcast": found})


async def confirm_broadcast(request: web.Request) -> web.Response:
    staff, broadcast_id = _staff(request), _broadcast_id(request)
    bot = linli(request)
    at, tz = bot.clock.now(), bot.profile.tz

    def work(uow: UnitOfWork) -> dict[str, Any] | None:
        if broadcast_visible(uow, staff, broadcast_id) is None:
            return None
        broadcasts.confirm(uow, broadcast_id, actor=actor_label(staff), now=at)
        return _progress_json(broadcasts.progress(uow, broadcast_id), tz)

    found = await _work(request, work, True)
    if found is None:
        raise ApiError(404, "no such broadcast")
    return web.json_response({"ok": True, "broadcast": found})


# ---- activities -----------------------------------------------------------------------------


def _month(text: str | None) -> str:
    if text is None or len(text) != 7 or text[4] != "-":
        raise ApiError(400, "month must look like 2026-12")
    year, month = int_or_none(text[:4]), int_or_none(text[5:])
    if year is None or month is None or not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ApiError(400, "month must look like 2026-12")
    return text


async def list_activities(request: web.Request) -> web.Response:
    staff, bot = _staff(request), linli(request)
    tz = bot.profile.tz
    month = _month(request.query.get("month") or bot.clock.now().astimezone(tz).strftime("%Y-%m"))
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

    return web.json_response({"ok": True, "activities": await _work(request, load, False)})


def _datetime(body: dict[str, Any], name: str, tz: Any) -> datetime:
    value = _str(body, name, 40)
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name} must be a date-time like 2026-12-06T09:00") from None
    return when if when.tzinfo else when.replace(tzinfo=tz)


async def create_activity(request: web.Request) -> web.Response:
    staff, bot = _staff(request), linli(request)
    body = await _body(request)
    schedule = bot.profile.activity_schedule
    assert schedule is not None
    starts, ends = (
        _datetime(body, "starts_at", schedule.tz),
        _datetime(body, "ends_at", schedule.tz),
    )
    if ends <= starts:
        raise ApiError(400, "ends_at must be after starts_at")
    data = ActivityInput(
        title=_str(body, "title", 100),
        starts_at=starts,
        ends_at=ends,
        venue=_str(body, "venue", 100, required=False),
        kind=_str(body, "kind", 20, required=False) or "其他",
        capacity=_int(body, "capacity") or None,
        audience=_str(body, "audience", 200, required=False) or "全部",
        points=_int(body, "points", 0) or 0,
        description=_str(body, "description", 200, required=False),
    )
    at = bot.clock.now()

    def work(uow: UnitOfWork) -> int:
        activity = activities.create(
            uow,
            data,
            actor=actor_label(staff),
            schedule=schedule,
            now=at,
            scope_estate_id=staff.scope_estate,
        )
        return activity.id or 0

    activity_id = await _work(request, work, True)
    return web.json_response({"ok": True, "id": activity_id}, status=201)


# ---- points and the dashboard ---------------------------------------------------------------


async def ledger(request: web.Request) -> web.Response:
    staff, bot = _staff(request), linli(request)
    tz = bot.profile.tz
    month = request.query.get("month")
    start, end = month_bounds(_month(month), tz) if month else (None, None)
    rule = (request.query.get("rule") or "")[:40] or None

    def load(uow: UnitOfWork) -> list[dict[str, Any]]:
        entries = uow.points.entries(
            estate_id=staff.scope_estate, rule=rule, start=start, end=end, limit=1000
        )
        people = uow.people.many(sorted({e.person_id for e in entries}))
        return [
            {
                "id": e.id,
                "at": e.at.astimezone(tz).isoformat(),
                "person": people[e.person_id].name if e.person_id in people else None,
                "rule": e.rule,
                "kind": str(e.kind),
                "points": e.points,
                "reason": e.reason,
                "actor": e.actor,
                "reverses": e.reverses_id,
            }
            for e in entries
        ]

    return web.json_response({"ok": True, "entries": await _work(request, load, False)})


async def award(request: web.Request) -> web.Response:
    staff, bot = _staff(request), linli(request)
    policy = request.app[POLICY]
    body = await _body(request)
    who, rule_name = _str(body, "who", 40), _str(body, "rule", 40)
    units = _int(body, "units", 1) or 1
    reason = _str(body, "reason", 200, required=False)
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

    return web.json_response(await _work(request, work, True), status=201)


async def dashboard(request: web.Request) -> web.Response:
    staff, bot = _staff(request), linli(request)
    at, tz = bot.clock.now(), bot.profile.tz
    key = request.query.get("period") or None
    d = await _work(
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
