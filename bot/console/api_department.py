"""部门报到: the JSON endpoint a department's system calls back after a 吹哨.

    POST /api/department/cases/E0001
    Authorization: Bearer <the department's callback_token from the config>
    {"kind": "report" | "progress", "text": "已派人到场"}

"report" records 部门报到 (it meets the coordination step); "progress" adds news. Residents
hear both as progress; the 党员群 and the claimer hear them too. The token decides which
department is speaking, and a department can only touch cases that were whistled to it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.bootstrap import Linli
from bot.domain.cases import format_case_code, parse_case_code
from bot.services.sla import sweep_settings
from bot.services.webhooks import (
    CallbackRefused,
    Department,
    department_by_token,
    department_report,
)

LINLI = web.AppKey("linli_department_api", Linli)
MAX_BODY = 16 * 1024


def register(app: web.Application, linli: Linli) -> None:
    app[LINLI] = linli
    app.router.add_post("/api/department/cases/{code}", report)
    app.router.add_get("/api/department/cases/{code}", status)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status)


def _department(request: web.Request) -> Department | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    linli = request.app[LINLI]
    departments = sweep_settings(linli.config, linli.settings.account).departments
    return department_by_token(departments, token.strip())


async def report(request: web.Request) -> web.Response:
    department = _department(request)
    if department is None:
        return _error(401, "missing or unknown bearer token")
    case_id = parse_case_code(request.match_info["code"])
    if case_id is None:
        return _error(404, "no such case")
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _error(413, "body too large")
    try:
        body: Any = await request.json()
    except ValueError:
        return _error(400, "body must be JSON")
    if not isinstance(body, dict):
        return _error(400, "body must be a JSON object")
    kind, text = body.get("kind", "report"), body.get("text", "")
    if kind not in ("report", "progress") or not isinstance(text, str):
        return _error(400, 'kind must be "report" or "progress", text a string')
    linli = request.app[LINLI]
    settings = sweep_settings(linli.config, linli.settings.account)

    def record() -> dict[str, Any]:
        now = linli.clock.now()
        with linli.uow_factory() as uow:
            case = uow.cases.get(case_id)
            if case is None:
                raise CallbackRefused(404, "no such case")
            department_report(
                uow,
                department,
                case,
                kind=kind,
                text=text,
                now=now,
                account=linli.settings.account,
                policy=settings.policy,
            )
            uow.commit()
            return {"ok": True, "case": case.code, "status": str(case.status)}

    try:
        result = await linli.runtime.call(record)
    except CallbackRefused as refused:
        return _error(refused.status, refused.message)
    return web.json_response(result)


async def status(request: web.Request) -> web.Response:
    department = _department(request)
    if department is None:
        return _error(401, "missing or unknown bearer token")
    case_id = parse_case_code(request.match_info["code"])
    linli = request.app[LINLI]

    def load() -> dict[str, Any] | None:
        with linli.uow_factory() as uow:
            case = uow.cases.get(case_id) if case_id else None
            if case is None or case.department != department.key:
                return None
            return {
                "ok": True,
                "case": format_case_code(case_id or 0),
                "status": str(case.status),
                "status_label": case.status.label,
                "dept_reported_at": case.dept_reported_at.isoformat()
                if case.dept_reported_at
                else None,
            }

    found = await linli.runtime.call(load)
    return web.json_response(found) if found else _error(404, "no such case")
