"""The JSON API's cases: the board with its filters, one case with its timeline, and the
staff actions (dispatch, progress, resolve, reopen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.console.api_base import ApiError, Page, api_user, int_field, read_body, str_field
from bot.console.base import case_settings, in_uow, int_or_none, linli
from bot.domain.cases import CATEGORY_LABELS, STATUS_LABELS, Case, parse_case_code
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services import console_cases
from bot.services.console_cases import BOARD_SIZE, BoardFilter, BoardRow


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
    staff = api_user(request)
    status = q.get("status") or None
    if status not in (None, "open", *STATUS_LABELS):
        raise ApiError(400, "unknown status")
    category = q.get("category") or None
    if category is not None and category not in CATEGORY_LABELS:
        raise ApiError(400, "unknown category")
    page = Page(request, BOARD_SIZE)
    filters = BoardFilter(
        status=status,
        category=category,
        estate_id=int_or_none(q.get("estate")),
        building=(q.get("building") or "")[:16] or None,
        urgent=q.get("urgent") == "true",
        overdue=q.get("overdue") == "true",
        before=page.cursor,
    )
    at, tz = linli(request).clock.now(), linli(request).profile.tz
    rows = await in_uow(
        request, lambda uow: console_cases.board(uow, staff, filters, at, page.limit), False
    )
    body = {"ok": True, "cases": [_case_json(r, tz) for r in rows]}
    return web.json_response(page.answer(body, [r.case.id or 0 for r in rows]))


def _case_id(request: web.Request) -> int:
    case_id = parse_case_code(request.match_info["code"])
    if case_id is None or case_id >= 2**31:
        raise ApiError(404, "no such case")
    return case_id


async def get_case(request: web.Request) -> web.Response:
    case_id, staff = _case_id(request), api_user(request)
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

    found = await in_uow(request, load, False)
    if found is None:
        raise ApiError(404, "no such case")
    return web.json_response({"ok": True, "case": found})


async def _case_action(
    request: web.Request, act: Callable[[UnitOfWork, StaffUser, Case, dict[str, Any]], None]
) -> web.Response:
    case_id, staff = _case_id(request), api_user(request)
    body = await read_body(request)

    def work(uow: UnitOfWork) -> dict[str, Any] | None:
        case = console_cases.visible_case(uow, staff, case_id)
        if case is None:
            return None
        act(uow, staff, case, body)
        return {"ok": True, "case": case.code, "status": str(case.status)}

    found = await in_uow(request, work, True)
    if found is None:
        raise ApiError(404, "no such case")
    return web.json_response(found)


async def case_dispatch(request: web.Request) -> web.Response:
    kw = case_settings(request)

    def act(uow: UnitOfWork, staff: StaffUser, case: Case, body: dict[str, Any]) -> None:
        member = int_field(body, "member_id")
        if member is None:
            raise ApiError(400, "member_id is required")
        console_cases.dispatch(uow, staff, case, member, **kw)

    return await _case_action(request, act)


async def case_progress(request: web.Request) -> web.Response:
    kw = case_settings(request)

    def act(uow: UnitOfWork, staff: StaffUser, case: Case, body: dict[str, Any]) -> None:
        plan = body.get("plan", False)
        if not isinstance(plan, bool):
            raise ApiError(400, "plan must be true or false")
        text = str_field(body, "text", 1000)
        console_cases.add_progress(uow, staff, case, text, plan=plan, **kw)

    return await _case_action(request, act)


async def case_resolve(request: web.Request) -> web.Response:
    kw = case_settings(request)

    def act(uow: UnitOfWork, staff: StaffUser, case: Case, body: dict[str, Any]) -> None:
        console_cases.resolve(uow, staff, case, str_field(body, "text", 1000), **kw)

    return await _case_action(request, act)


async def case_reopen(request: web.Request) -> web.Response:
    kw = case_settings(request)

    def act(uow: UnitOfWork, staff: StaffUser, case: Case, body: dict[str, Any]) -> None:
        console_cases.reopen(uow, staff, case, str_field(body, "text", 1000), **kw)

    return await _case_action(request, act)
