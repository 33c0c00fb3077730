"""部门报到: the JSON endpoint a department's system calls back after a 吹哨.

    POST /api/department/cases/E0001
    Authorization: Bearer <the department's callback_token from the config>
    Idempotency-Key: <one value per piece of news, the same on every retry of it>
    {"kind": "report" | "progress", "text": "已派人到场"}

The key is required: a repeat with the same key is answered with the first answer and
changes nothing (header `Idempotent-Replayed: true`). A request may also be signed the way
our 吹哨 is (X-Linli-Timestamp, X-Linli-Signature with the department's secret); a signed
request must be correctly signed and no more than 5 minutes away from our clock.

"report" records 部门报到 (it meets the coordination step); "progress" adds news. Residents
hear both as progress; the 党员群 and the claimer hear them too. The token decides which
department is speaking, and a department can only touch cases that were whistled to it.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from aiohttp import web

from bot.bootstrap import Linli
from bot.domain.cases import format_case_code, parse_case_code
from bot.domain.webhooks import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    callback_fingerprint,
    fresh_timestamp,
    verify,
)
from bot.services.sla import sweep_settings
from bot.services.webhooks import (
    CallbackAnswer,
    CallbackRefused,
    Department,
    department_by_token,
    department_callback,
)

LINLI = web.AppKey("linli_department_api", Linli)
MAX_BODY = 16 * 1024
SIGNATURE_WINDOW = timedelta(minutes=5)
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,200}")  # printable ASCII, as HTTP header tokens are
MISSING_KEY = (
    "Idempotency-Key header is required: one value per piece of news, the same on every "
    "retry of it (请在请求头 Idempotency-Key 中为每条报送填一个唯一值，重试时用同一个值)"
)
BAD_KEY = "Idempotency-Key must be 1-200 printable ASCII characters (Idempotency-Key 格式不对)"


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
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        return _error(400, MISSING_KEY)
    if not KEY_PATTERN.fullmatch(key):
        return _error(400, BAD_KEY)
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _error(413, "body too large")
    raw = await request.read()
    if len(raw) > MAX_BODY:
        return _error(413, "body too large")
    linli = request.app[LINLI]
    refused = _signature_refused(request, department, raw, linli)
    if refused is not None:
        return _error(401, refused)
    try:
        body: Any = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        return _error(400, "body must be JSON")
    if not isinstance(body, dict):
        return _error(400, "body must be a JSON object")
    kind, text = body.get("kind", "report"), body.get("text", "")
    if kind not in ("report", "progress") or not isinstance(text, str):
        return _error(400, 'kind must be "report" or "progress", text a string')
    settings = sweep_settings(linli.config, linli.settings.account)
    code = format_case_code(case_id)

    def record() -> CallbackAnswer:
        return department_callback(
            linli.uow_factory,
            department,
            case_id,
            idempotency_key=key,
            fingerprint=callback_fingerprint(code, raw),
            kind=kind,
            text=text,
            now=linli.clock.now(),
            account=linli.settings.account,
            policy=settings.policy,
        )

    try:
        answer = await linli.runtime.call(record)
    except CallbackRefused as problem:
        return _error(problem.status, problem.message)
    headers = {"Idempotent-Replayed": "true"} if answer.replayed else {}
    return web.json_response(answer.body, headers=headers)


def _signature_refused(
    request: web.Request, department: Department, raw: bytes, linli: Linli
) -> str | None:
    """Why a signed request is refused; None when it is not signed or is signed well."""
    signature = request.headers.get(SIGNATURE_HEADER)
    timestamp = request.headers.get(TIMESTAMP_HEADER)
    if signature is None and timestamp is None:
        return None  # the bearer token alone authenticates; the Idempotency-Key stops repeats
    if not signature or not timestamp:
        return f"a signed request needs both {SIGNATURE_HEADER} and {TIMESTAMP_HEADER}"
    if not verify(department.secret, timestamp, raw, signature):
        return "bad signature"
    if not fresh_timestamp(timestamp, linli.clock.now(), SIGNATURE_WINDOW):
        return "stale timestamp: more than 5 minutes from our clock (请求时间戳已过期)"
    return None


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
