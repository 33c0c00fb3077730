"""说事: residents' suggestions (金点子) — answer one (privately, back to the resident), merge
it into another, or promote it to a 议题; export. A secretary sees her own 小区's only."""

from __future__ import annotations

from typing import Any, NoReturn

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import (
    in_uow,
    int_param,
    linli,
    now,
    run_action,
    text_field,
    user,
    xlsx_response,
)
from bot.domain.deliberation.suggestions import SuggestionError, SuggestionStatus
from bot.domain.deliberation.topics import LEVELS, Level, TopicError, parse_level
from bot.ports import UnitOfWork
from bot.services.console_cases import actor_for
from bot.services.deliberation import suggestions

REFUSED = (TopicError, SuggestionError)


def register(app: web.Application) -> None:
    app.router.add_get("/suggestions", suggestions_page)
    app.router.add_get("/suggestions.xlsx", suggestions_export)
    app.router.add_post("/suggestions/{sid}/answer", suggestion_answer)
    app.router.add_post("/suggestions/{sid}/merge", suggestion_merge)
    app.router.add_post("/suggestions/{sid}/promote", suggestion_promote)


def _status(text: str | None) -> SuggestionStatus | None:
    try:
        return SuggestionStatus(text) if text else None
    except ValueError:
        return None


def _rows(uow: UnitOfWork, scope: int | None, status: SuggestionStatus | None) -> list[Any]:
    found = list(uow.suggestions.find(estate_id=scope, status=status, limit=1000))
    people = uow.people.many(sorted({s.person_id for s in found}))
    estates = {e.id: e.name for e in uow.estates.all()}
    buildings = {b.id: b.number for b in uow.estates.buildings()}
    return [
        (
            s,
            people.get(s.person_id),
            estates.get(s.estate_id, ""),
            f"{buildings[s.building_id]}号楼" if s.building_id in buildings else "",
        )
        for s in found
    ]


@aiohttp_jinja2.template("suggestions.html")
async def suggestions_page(request: web.Request) -> dict[str, Any]:
    staff = user(request)
    status = _status(request.query.get("status"))
    rows = await in_uow(request, lambda uow: _rows(uow, staff.scope_estate, status))
    return {
        "rows": rows,
        "status": status,
        "statuses": list(SuggestionStatus),
        "levels": LEVELS,
    }


async def _action(request: web.Request, act: Any) -> NoReturn:
    sid = int_param(request, "sid")
    staff = user(request)

    def work(uow: UnitOfWork) -> str | None:
        found = uow.suggestions.get(sid)
        if found is None or not staff.may_see_estate(found.estate_id):
            return None
        return str(act(uow, sid, actor_for(uow, staff)))

    await run_action(request, work, back_to="/suggestions", refused=REFUSED)


async def suggestion_answer(request: web.Request) -> web.StreamResponse:
    form, at, staff = await request.post(), now(request), user(request)
    account = linli(request).settings.account

    def act(uow: UnitOfWork, sid: int, actor: Any) -> str:
        s = suggestions.answer(
            uow,
            sid,
            text_field(form, "answer", 500),
            actor=actor,
            account=account,
            now=at,
            scope_estate=staff.scope_estate,
        )
        return f"已回复 {s.code}，居民会私下收到。"

    await _action(request, act)


async def suggestion_merge(request: web.Request) -> web.StreamResponse:
    form, at, staff = await request.post(), now(request), user(request)

    def act(uow: UnitOfWork, sid: int, actor: Any) -> str:
        target = suggestions.merge(
            uow,
            sid,
            text_field(form, "into", 20),
            actor=actor,
            now=at,
            scope_estate=staff.scope_estate,
        )
        return f"已合并到 {target.code}。"

    await _action(request, act)


async def suggestion_promote(request: web.Request) -> web.StreamResponse:
    form, at, staff = await request.post(), now(request), user(request)
    account = linli(request).settings.account
    level = parse_level(text_field(form, "level", 20)) or Level.ESTATE

    def act(uow: UnitOfWork, sid: int, actor: Any) -> str:
        topic = suggestions.promote(
            uow,
            sid,
            level,
            title=text_field(form, "title", 60),
            actor=actor,
            account=account,
            now=at,
            scope_estate=staff.scope_estate,
        )
        return f"已转为议题 {topic.code}「{topic.title}」。"

    await _action(request, act)


async def suggestions_export(request: web.Request) -> web.Response:
    staff, tz = user(request), linli(request).profile.tz
    rows = await in_uow(request, lambda uow: _rows(uow, staff.scope_estate, None))
    return await xlsx_response(
        "说事.xlsx",
        [
            (
                "说事",
                ["编号", "时间", "小区", "楼栋", "居民", "内容", "状态", "回复", "回复人"],
                [
                    [
                        s.code,
                        s.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                        estate,
                        building,
                        person.name if person else "",
                        s.text,
                        s.status.label,
                        s.answer,
                        s.answered_by,
                    ]
                    for s, person, estate, building in rows
                ],
            )
        ],
    )
