"""The case board: filters, 2341 steps and rung, the timeline, dispatch/progress/close/reopen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import (
    case_settings,
    in_uow,
    int_or_none,
    int_param,
    linli,
    not_found,
    now,
    run_action,
    text_field,
    user,
    xlsx_response,
)
from bot.domain.cases import CATEGORY_LABELS, EVENT_LABELS, INTERNAL_EVENTS, STATUS_LABELS, Case
from bot.domain.lifecycle import Refused
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services import console_cases
from bot.services.console_cases import BoardFilter, BoardRow

STEP_STATE_LABELS = {
    "met": "按时",
    "late_met": "超时完成",
    "overdue": "已超时",
    "waiting": "计时中",
    "none": "—",
}


def register(app: web.Application) -> None:
    app.router.add_get("/", cases_page)
    app.router.add_get("/cases.xlsx", cases_export)
    app.router.add_get("/cases/{case_id}", case_page)
    app.router.add_post("/cases/{case_id}/dispatch", case_dispatch)
    app.router.add_post("/cases/{case_id}/progress", case_progress)
    app.router.add_post("/cases/{case_id}/resolve", case_resolve)
    app.router.add_post("/cases/{case_id}/reopen", case_reopen)


def board_filter(query: Any, staff: StaffUser) -> BoardFilter:
    status = query.get("status") or None
    if status not in (None, "open", *STATUS_LABELS):
        status = None
    category = query.get("category") or None
    return BoardFilter(
        status=status,
        category=category if category in CATEGORY_LABELS else None,
        estate_id=staff.scope_estate or int_or_none(query.get("estate")),
        building=(query.get("building") or "").strip()[:16] or None,
        urgent=query.get("urgent") == "1",
        overdue=query.get("overdue") == "1",
        before=int_or_none(query.get("before")),
    )


# A page of the board; the next page is asked for by the oldest id shown (keyset paging: at
# district size an OFFSET would read every earlier page again).
PAGE = 100
EXPORT_ROWS = 500


async def _board(
    request: web.Request, limit: int = PAGE
) -> tuple[BoardFilter, list[BoardRow], dict[str, Any]]:
    staff = user(request)
    filters = board_filter(request.query, staff)
    at = now(request)

    def load(uow: UnitOfWork) -> tuple[list[BoardRow], dict[str, Any]]:
        estates = [e for e in uow.estates.all() if staff.may_see_estate(e.id)]
        numbers = sorted(
            {b.number for b in uow.estates.buildings(filters.estate_id)}, key=_number_key
        )
        return console_cases.board(uow, staff, filters, at, limit), {
            "estates": estates,
            "buildings": numbers,
            "pending": uow.review.count_pending(staff.scope_estate),
        }

    rows, choices = await in_uow(request, load)
    return filters, rows, choices


@aiohttp_jinja2.template("cases.html")
async def cases_page(request: web.Request) -> dict[str, Any]:
    filters, rows, choices = await _board(request)
    more = None
    if len(rows) == PAGE and rows[-1].case.id is not None:
        query = {k: v for k, v in request.query.items() if k != "before"}
        more = str(request.url.with_query({**query, "before": str(rows[-1].case.id)}).relative())
    return {
        "rows": rows,
        "more": more,
        "f": filters,
        "statuses": STATUS_LABELS,
        "categories": CATEGORY_LABELS,
        "step_labels": STEP_STATE_LABELS,
        "query": request.query_string,
        **choices,
    }


async def cases_export(request: web.Request) -> web.Response:
    _filters, rows, _ = await _board(request, EXPORT_ROWS)
    tz = linli(request).profile.tz

    def when(dt: Any) -> str:
        return dt.astimezone(tz).strftime("%Y-%m-%d %H:%M") if dt else ""

    header = ["编号", "类别", "小区", "位置", "内容", "状态", "紧急", "承办人", "反映人数"]
    header += [f"{s.label}时限" for s in rows[0].steps] if rows else []
    header += ["超时", "督办层级", "受理时间", "照片与语音"]
    ids = [r.case.id for r in rows if r.case.id is not None]
    files = await in_uow(request, lambda uow: uow.evidence.for_cases(ids))
    origin = f"{request.scheme}://{request.host}"

    def links(case_id: int | None) -> str:
        # Links, not the files: opening one asks for a console login like the page does.
        found = files.get(case_id or 0, [])
        return "\n".join(f"{origin}/cases/{case_id}/evidence/{f.id}" for f in found)

    body = [
        [
            r.case.code,
            r.case.category_label,
            r.estate,
            r.case.place,
            r.case.summary,
            r.case.status.label,
            "是" if r.case.urgent else "",
            r.assignee or "",
            r.case.reporters,
            *(f"{when(s.due)} {STEP_STATE_LABELS[s.state]}" for s in r.steps),
            "是" if r.overdue else "",
            r.rung or "",
            when(r.case.opened_at),
            links(r.case.id),
        ]
        for r in rows
    ]
    return await xlsx_response("诉求台账.xlsx", [("诉求台账", header, body)])


@aiohttp_jinja2.template("case.html")
async def case_page(request: web.Request) -> dict[str, Any]:
    case_id = int_param(request, "case_id")
    staff, at = user(request), now(request)
    view = await in_uow(request, lambda uow: console_cases.case_view(uow, staff, case_id, at))
    if view is None:
        raise not_found("没有这个诉求，或不在您负责的小区。")
    return {
        "v": view,
        "c": view.row.case,
        "categories": CATEGORY_LABELS,
        "event_labels": EVENT_LABELS,
        "internal": INTERNAL_EVENTS,
        "step_labels": STEP_STATE_LABELS,
    }


Action = Callable[[UnitOfWork, StaffUser, Case, Any], str]


async def _act(request: web.Request, action: Action) -> web.StreamResponse:
    """Run one case action in one transaction; a refusal is shown, nothing is kept."""
    case_id = int_param(request, "case_id")
    staff = user(request)
    form = await request.post()

    def work(uow: UnitOfWork) -> str | None:
        case = console_cases.visible_case(uow, staff, case_id)
        return None if case is None else action(uow, staff, case, form)

    await run_action(
        request,
        work,
        back_to=f"/cases/{case_id}",
        refused=Refused,
        missing="没有这个诉求，或不在您负责的小区。",
    )


async def case_dispatch(request: web.Request) -> web.StreamResponse:
    kw = case_settings(request)

    def action(uow: UnitOfWork, staff: StaffUser, case: Case, form: Any) -> str:
        target_id = int_or_none(form.get("member"))
        if target_id is None:
            raise Refused("请选择要派给的党员。")
        target = console_cases.dispatch(uow, staff, case, target_id, **kw)
        return f"已把诉求 {case.code} 派给 {target.name}，并通知了居民。"

    return await _act(request, action)


async def case_progress(request: web.Request) -> web.StreamResponse:
    kw = case_settings(request)

    def action(uow: UnitOfWork, staff: StaffUser, case: Case, form: Any) -> str:
        plan = form.get("plan") == "1"
        text = text_field(form, "text", 1000)
        console_cases.add_progress(uow, staff, case, text, plan=plan, **kw)
        return "已记录，并告知了反映的居民。"

    return await _act(request, action)


async def case_resolve(request: web.Request) -> web.StreamResponse:
    kw = case_settings(request)

    def action(uow: UnitOfWork, staff: StaffUser, case: Case, form: Any) -> str:
        console_cases.resolve(uow, staff, case, text_field(form, "text", 1000), **kw)
        return f"诉求 {case.code} 已办结，已请居民评价。"

    return await _act(request, action)


async def case_reopen(request: web.Request) -> web.StreamResponse:
    kw = case_settings(request)

    def action(uow: UnitOfWork, staff: StaffUser, case: Case, form: Any) -> str:
        console_cases.reopen(uow, staff, case, text_field(form, "text", 1000), **kw)
        return f"诉求 {case.code} 已重新打开，2341 时限重新计算。"

    return await _act(request, action)


def _number_key(number: str) -> tuple[int, str]:
    return (int(number), "") if number.isdigit() else (10**6, number)
