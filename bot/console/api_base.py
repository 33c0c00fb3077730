"""What every JSON API handler shares: the calling token's staff user, errors as JSON, and
reading a request body's fields strictly (bad input is a 4xx, never a 500)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console.base import int_or_none
from bot.domain.staff import StaffUser

API_USER = web.RequestKey("api_user", StaffUser)
MAX_BODY = 64 * 1024


class ApiError(Exception):
    """Answer with this status and {"ok": false, "error": message} instead of the result."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def api_user(request: web.Request) -> StaffUser:
    return request[API_USER]


async def read_body(request: web.Request) -> dict[str, Any]:
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise ApiError(413, "body too large")
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # nested deeper than the parser goes: not ours
        raise ApiError(400, "body must be JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "body must be a JSON object")
    return body


def str_field(body: dict[str, Any], name: str, limit: int, *, required: bool = True) -> str:
    value = body.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(400, f"{name} must be a non-empty string")
    if len(value) > limit:
        raise ApiError(400, f"{name} is longer than {limit} characters")
    return value.strip()


def int_field(body: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = body.get(name, default)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
        raise ApiError(400, f"{name} must be a non-negative integer")
    return value


def month_field(text: str | None) -> str:
    if text is None or len(text) != 7 or text[4] != "-":
        raise ApiError(400, "month must look like 2026-12")
    year, month = int_or_none(text[:4]), int_or_none(text[5:])
    if year is None or month is None or not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ApiError(400, "month must look like 2026-12")
    return text


class Page:
    """Optional keyset paging of a list: `limit` (1 to the list's usual size) and a cursor
    (`before` for a newest-first list, `after` for an oldest-first one: the `next` of the
    previous page). Without either the list answers as it always has (its usual size, no
    `next`), so existing clients see no change."""

    def __init__(self, request: web.Request, usual: int, cursor: str = "before") -> None:
        query = request.query
        self.asked = "limit" in query or cursor in query
        self.limit = _positive(query.get("limit"), "limit", 2**31 - 1) or usual
        if self.limit > usual:
            raise ApiError(400, f"limit must be at most {usual}")
        self.cursor = _positive(query.get(cursor), cursor, 2**31 - 1)

    def answer(self, body: dict[str, Any], ids: list[int]) -> dict[str, Any]:
        """`body` with `next` (the `before` of the following page, or null at the end)."""
        if not self.asked:
            return body
        return {**body, "next": ids[-1] if len(ids) == self.limit else None}


def _positive(text: str | None, name: str, most: int) -> int | None:
    if text is None:
        return None
    value = int_or_none(text)
    if value is None or not 1 <= value <= most:
        raise ApiError(400, f"{name} must be an integer from 1 to {most}")
    return value
