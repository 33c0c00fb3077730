"""The OpenAPI 3.0 document of the JSON API (served at /api/openapi.json, fuzzed in the tests)."""

from __future__ import annotations

from typing import Any

from intents import CATEGORIES

CODE = {"type": "string", "pattern": "^[Ee]0*[1-9][0-9]{0,8}$", "example": "E0001"}
TEXT = {"type": "string", "minLength": 1, "maxLength": 300}
ERROR = {
    "description": "Refused; the error says why",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"ok": {"type": "boolean"}, "error": {"type": "string"}},
            }
        }
    },
}
REVIEW_CODE = {"type": "string", "pattern": "^[Qq]0*[1-9][0-9]{0,8}$", "example": "Q0001"}
CATEGORY = {"type": "string", "enum": list(CATEGORIES)}
PLACE = {"type": "string", "maxLength": 16, "pattern": "^[0-9A-Za-z-]*$"}
OK = {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}


def _op(
    summary: str,
    *,
    params: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    created: bool = False,
    security: str = "apiToken",
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "security": [{security: []}],
        "responses": {
            "201" if created else "200": OK,
            "400": ERROR,
            "401": ERROR,
            "404": ERROR,
            "409": ERROR,
            "413": ERROR,
            "422": ERROR,
        },
    }
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    return op


def _path(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


def _page(most: int, cursor: str) -> list[dict[str, Any]]:
    """Optional keyset paging (bot.console.api_base.Page): with either, the answer has `next`,
    the cursor of the following page (null on the last)."""
    return [
        _query("limit", {"type": "integer", "minimum": 1, "maximum": most}),
        _query(cursor, {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}),
    ]


def _object(required: list[str], **props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


def openapi_document(community: str) -> dict[str, Any]:
    code = [_path("code", CODE)]
    bid = [_path("bid", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})]
    month = {"type": "string", "pattern": "^20[0-9]{2}-(0[1-9]|1[0-2])$"}
    text_body = _object(["text"], text=TEXT)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"邻里 Linli console API · {community}",
            "version": "1",
            "description": "The staff console's operations for machine clients. "
            "Authorization: Bearer <token from [console] api_tokens>.",
        },
        "components": {
            "securitySchemes": {
                "apiToken": {"type": "http", "scheme": "bearer"},
                "departmentToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a department's callback_token from [[departments]]",
                },
            }
        },
        "paths": {
            "/api/v1/cases": {
                "get": _op(
                    "List cases (the case board)",
                    params=[
                        _query(
                            "status",
                            {
                                "type": "string",
                                "enum": [
                                    "open",
                                    "accepted",
                                    "responded",
                                    "in_progress",
                                    "resolved",
                                    "reviewed",
                                ],
                            },
                        ),
                        _query("category", {"type": "string"}),
                        _query("estate", {"type": "integer"}),
                        _query("building", {"type": "string", "maxLength": 16}),
                        _query("urgent", {"type": "boolean"}),
                        _query("overdue", {"type": "boolean"}),
                        *_page(500, "before"),
                    ],
                )
            },
            "/api/v1/cases/{code}": {
                "get": _op("A case with its 2341 steps and timeline", params=code)
            },
            "/api/v1/cases/{code}/dispatch": {
                "post": _op(
                    "派单: give the case to a party member",
                    params=code,
                    body=_object(["member_id"], member_id={"type": "integer", "minimum": 1}),
                )
            },
            "/api/v1/cases/{code}/progress": {
                "post": _op(
                    "Add progress (or a solution plan); the residents are told",
                    params=code,
                    body=_object(["text"], text=TEXT, plan={"type": "boolean"}),
                )
            },
            "/api/v1/cases/{code}/resolve": {
                "post": _op("办结; the residents are asked to rate", params=code, body=text_body)
            },
            "/api/v1/cases/{code}/reopen": {
                "post": _op("Reopen a closed case", params=code, body=text_body)
            },
            "/api/v1/cases/{code}/category": {
                "post": _op(
                    "改类别: correct a case's category (kept as a labelled example)",
                    params=code,
                    body=_object(["category"], category=CATEGORY),
                )
            },
            "/api/v1/review": {
                "get": _op(
                    "待确认: messages the bot was unsure of (no group reply yet)",
                    params=[
                        _query(
                            "status",
                            {"type": "string", "enum": ["pending", "converted", "dismissed"]},
                        ),
                        _query("estate", {"type": "integer"}),
                        _query("building", {"type": "string", "maxLength": 16}),
                        *_page(300, "before"),
                    ],
                )
            },
            "/api/v1/review/{code}/convert": {
                "post": _op(
                    "转为诉求: open a case from a held message; the resident is acknowledged",
                    params=[_path("code", REVIEW_CODE)],
                    body=_object(
                        ["category"], category=CATEGORY, building=PLACE, unit=PLACE, room=PLACE
                    ),
                )
            },
            "/api/v1/review/{code}/dismiss": {
                "post": _op(
                    "不是诉求: set a held message aside", params=[_path("code", REVIEW_CODE)]
                )
            },
            "/api/v1/broadcasts": {
                "get": _op("Recent broadcasts with delivery progress"),
                "post": _op(
                    "Compose a broadcast (a draft with its preview), or send it with confirm",
                    body=_object(
                        ["targets", "text"],
                        targets={
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 20,
                            "items": {"type": "string", "minLength": 1, "maxLength": 100},
                        },
                        text={"type": "string", "minLength": 1, "maxLength": 1000},
                        scheduled_at={"type": "string", "example": "2026-12-01T08:00"},
                        confirm={"type": "boolean"},
                    ),
                    created=True,
                ),
            },
            "/api/v1/broadcasts/{bid}": {
                "get": _op("A broadcast's delivery per group", params=bid)
            },
            "/api/v1/broadcasts/{bid}/confirm": {"post": _op("Confirm a draft", params=bid)},
            "/api/v1/activities": {
                "get": _op("Activities of a month", params=[_query("month", month)]),
                "post": _op(
                    "Create an activity",
                    body=_object(
                        ["title", "starts_at", "ends_at"],
                        title={"type": "string", "minLength": 1, "maxLength": 40},
                        starts_at={"type": "string", "example": "2026-12-06T09:00"},
                        ends_at={"type": "string", "example": "2026-12-06T11:00"},
                        venue={"type": "string", "maxLength": 100},
                        kind={"type": "string", "maxLength": 20},
                        capacity={"type": "integer", "minimum": 0},
                        audience={"type": "string", "maxLength": 200},
                        points={"type": "integer", "minimum": 0},
                        description={"type": "string", "maxLength": 200},
                    ),
                    created=True,
                ),
            },
            "/api/v1/points/ledger": {
                "get": _op(
                    "The 积分 ledger",
                    params=[
                        _query("month", month),
                        _query("rule", {"type": "string"}),
                        *_page(1000, "after"),
                    ],
                )
            },
            "/api/v1/points/awards": {
                "post": _op(
                    "Award (or deduct) points under a rule",
                    body=_object(
                        ["who", "rule"],
                        who={"type": "string", "minLength": 1, "maxLength": 40},
                        rule={"type": "string", "minLength": 1, "maxLength": 40},
                        units={"type": "integer", "minimum": 1},
                        reason={"type": "string", "maxLength": 200},
                    ),
                    created=True,
                )
            },
            "/api/v1/dashboard": {
                "get": _op(
                    "Rates, 2341 compliance, counts, 十件实事",
                    params=[
                        _query(
                            "period",
                            {"type": "string", "pattern": "^20[0-9]{2}(Q[1-4]|-(0[1-9]|1[0-2]))$"},
                        )
                    ],
                )
            },
            "/api/department/cases/{code}": {
                "get": _op(
                    "部门: a whistled case's status", params=code, security="departmentToken"
                ),
                "post": _op(
                    "部门报到 / progress from the department",
                    params=code,
                    security="departmentToken",
                    body={
                        "type": "object",
                        "properties": {
                            "kind": {"type": "string", "enum": ["report", "progress"]},
                            "text": {"type": "string", "maxLength": 300},
                        },
                    },
                ),
            },
        },
    }
