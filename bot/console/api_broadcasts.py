"""The JSON API's broadcasts (通知): list, compose (and confirm at once if asked), show the
delivery progress of one, confirm a draft."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console.api_base import ApiError, api_user, read_body, str_field
from bot.console.base import in_uow, int_or_none, linli
from bot.console.views_broadcasts import actor_label, parse_when
from bot.console.views_broadcasts import visible as broadcast_visible
from bot.domain.broadcasts import MAX_NOTICE_CHARS
from bot.ports import UnitOfWork
from bot.services import broadcasts
from bot.services.board import audit


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
    staff = api_user(request)
    tz = linli(request).profile.tz
    report = await in_uow(
        request,
        lambda uow: [
            _progress_json(broadcasts.progress(uow, s.broadcast.id or 0), tz)
            for s in broadcasts.summaries(uow, 50, estate_id=staff.scope_estate)
        ],
        False,
    )
    return web.json_response({"ok": True, "broadcasts": report})


async def create_broadcast(request: web.Request) -> web.Response:
    staff, bot = api_user(request), linli(request)
    body = await read_body(request)
    targets = body.get("targets")
    if (
        not isinstance(targets, list)
        or not targets
        or len(targets) > 100
        or not all(isinstance(t, str) and 0 < len(t.strip()) <= 100 for t in targets)
    ):
        raise ApiError(400, "targets must be a list of 小区, 楼栋 or group names")
    text = str_field(body, "text", MAX_NOTICE_CHARS + 100)
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

    result = await in_uow(request, work, True)
    return web.json_response({"ok": True, "broadcast": result}, status=201)


def _broadcast_id(request: web.Request) -> int:
    number = int_or_none(request.match_info["bid"])
    if number is None or number <= 0:
        raise ApiError(404, "no such broadcast")
    return number


async def get_broadcast(request: web.Request) -> web.Response:
    staff, broadcast_id = api_user(request), _broadcast_id(request)
    tz = linli(request).profile.tz

    def load(uow: UnitOfWork) -> dict[str, Any] | None:
        if broadcast_visible(uow, staff, broadcast_id) is None:
            return None
        return _progress_json(broadcasts.progress(uow, broadcast_id), tz)

    found = await in_uow(request, load, False)
    if found is None:
        raise ApiError(404, "no such broadcast")
    return web.json_response({"ok": True, "broadcast": found})


async def confirm_broadcast(request: web.Request) -> web.Response:
    staff, broadcast_id = api_user(request), _broadcast_id(request)
    bot = linli(request)
    at, tz = bot.clock.now(), bot.profile.tz

    def work(uow: UnitOfWork) -> dict[str, Any] | None:
        if broadcast_visible(uow, staff, broadcast_id) is None:
            return None
        broadcasts.confirm(uow, broadcast_id, actor=actor_label(staff), now=at)
        return _progress_json(broadcasts.progress(uow, broadcast_id), tz)

    found = await in_uow(request, work, True)
    if found is None:
        raise ApiError(404, "no such broadcast")
    return web.json_response({"ok": True, "broadcast": found})
