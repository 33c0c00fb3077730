"""The JSON API's 待确认: the list, 转为诉求 / 不是诉求, and 改类别 on a case."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console.api_base import ApiError, Page, api_user, read_body
from bot.console.api_cases import _case_id
from bot.console.base import in_uow, int_or_none, linli
from bot.console.views_review import decision_setting, recategorize
from bot.domain.cases import CATEGORY_LABELS
from bot.domain.review import ReviewItem, ReviewRefused, ReviewStatus, parse_review_code
from bot.ports import UnitOfWork
from bot.services.review import console as review_console
from bot.services.review import decide
from bot.services.review.console import ReviewRow


def _item_json(row: ReviewRow, tz: Any) -> dict[str, Any]:
    i = row.item
    return {
        "code": i.code,
        "status": str(i.status),
        "estate": row.estate,
        "group": row.group,
        "sender": row.sender,
        "text": i.text,
        "received_at": i.received_at.astimezone(tz).isoformat(),
        "guess": {
            "kind": i.kind,
            "category": i.category,
            "urgent": i.urgent,
            "building": i.building,
            "unit": i.unit,
            "room": i.room,
        },
        "case": row.case_code,
        "decided_by": i.decided_by,
        "decided_at": i.decided_at.astimezone(tz).isoformat() if i.decided_at else None,
    }


async def list_review(request: web.Request) -> web.Response:
    staff = api_user(request)
    key = request.query.get("status") or "pending"
    if key not in {s.value for s in ReviewStatus}:
        raise ApiError(400, "unknown status")
    estate_id = int_or_none(request.query.get("estate"))
    building = (request.query.get("building") or "")[:16] or None
    tz = linli(request).profile.tz
    page = Page(request, 300)
    rows = await in_uow(
        request,
        lambda uow: review_console.rows(
            uow,
            staff,
            ReviewStatus(key),
            estate_id,
            limit=page.limit,
            building=building,
            before_id=page.cursor,
        ),
    )
    body = {"ok": True, "items": [_item_json(r, tz) for r in rows]}
    return web.json_response(page.answer(body, [r.item.id or 0 for r in rows]))


def _item_id(request: web.Request) -> int:
    item_id = parse_review_code(request.match_info["code"])
    if item_id is None or request.match_info["code"][:1] not in ("Q", "q"):
        raise ApiError(404, "no such item")
    return item_id


def _optional(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 16:
        raise ApiError(400, f"{name} must be a string of at most 16 characters")
    return value


async def _decide(request: web.Request, action: str) -> web.Response:
    item_id, staff = _item_id(request), api_user(request)
    body = await read_body(request) if action == "convert" else {}
    setting, at = decision_setting(request), linli(request).clock.now()
    category = body.get("category")
    if action == "convert":
        if not isinstance(category, str) or category not in CATEGORY_LABELS:
            raise ApiError(400, f"category must be one of {', '.join(CATEGORY_LABELS)}")
        try:
            where = decide.place(
                _optional(body, "building"), _optional(body, "unit"), _optional(body, "room")
            )
        except ReviewRefused as bad:
            raise ApiError(400, str(bad)) from None

    def work(uow: UnitOfWork) -> dict[str, Any] | None:
        item: ReviewItem | None = review_console.visible_item(uow, staff, item_id)
        if item is None:
            return None
        who = review_console.actor(staff)
        if action == "dismiss":
            decide.dismiss(uow, item, actor=who, setting=setting, now=at)
            uow.commit()
            return {"ok": True, "item": item.code, "status": str(item.status)}
        intake = decide.convert(
            uow, item, category=category, where=where, actor=who, setting=setting, now=at
        )
        uow.commit()
        return {
            "ok": True,
            "item": item.code,
            "status": str(ReviewStatus.CONVERTED),
            "case": intake.case.code,
            "joined": intake.joined,
        }

    found = await in_uow(request, work)
    if found is None:
        raise ApiError(404, "no such item")
    return web.json_response(found)


async def review_convert(request: web.Request) -> web.Response:
    return await _decide(request, "convert")


async def review_dismiss(request: web.Request) -> web.Response:
    return await _decide(request, "dismiss")


async def case_category(request: web.Request) -> web.Response:
    case_id, staff = _case_id(request), api_user(request)
    body = await read_body(request)
    category = body.get("category")
    if not isinstance(category, str) or category not in CATEGORY_LABELS:
        raise ApiError(400, f"category must be one of {', '.join(CATEGORY_LABELS)}")
    setting, at = decision_setting(request), linli(request).clock.now()

    def work(uow: UnitOfWork) -> dict[str, Any] | None:
        done = recategorize(uow, staff, case_id, category, setting, at)
        if done is not None:
            uow.commit()
        return None if done is None else {"ok": True, "category": category}

    found = await in_uow(request, work)
    if found is None:
        raise ApiError(404, "no such case")
    return web.json_response(found)
