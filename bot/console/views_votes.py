"""投票表决 on the console: set a vote up with its electorate previewed, watch the live tally
(staff only: groups see nothing before closing), answer 异议, export the 备案 ballot record."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import (
    XLSX,
    back,
    flash,
    in_uow,
    int_param,
    linli,
    not_found,
    now,
    run_action,
    text_field,
    user,
)
from bot.console.views_broadcasts import actor_label
from bot.domain.deliberation.votes import (
    DEFAULT_OPTIONS,
    BallotUnit,
    Vote,
    VoteError,
    parse_options,
)
from bot.domain.deliberation.voting import RULE_LABELS, Rule, percent
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services.deliberation import vote_export, votes
from bot.services.deliberation.vote_jobs import verdict
from bot.services.deliberation.votes import VoteInput


def register(app: web.Application) -> None:
    app.router.add_get("/votes", votes_page)
    app.router.add_post("/votes", vote_create)
    app.router.add_get("/votes/{vid}", vote_page)
    app.router.add_get("/votes/{vid}/ballots.xlsx", ballots_export)
    app.router.add_post("/votes/{vid}/objections/{oid}", objection_resolve)


def _visible(staff: StaffUser, vote: Vote | None) -> bool:
    return vote is not None and staff.may_see_estate(vote.estate_id)


@aiohttp_jinja2.template("votes.html")
async def votes_page(request: web.Request) -> dict[str, Any]:
    staff = user(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        estates = [e for e in uow.estates.all() if staff.may_see_estate(e.id)]
        scopes = []
        for estate in estates:
            assert estate.id is not None
            whole = votes.preview(uow, estate.id, None, BallotUnit.HOUSEHOLD)
            scopes.append((f"{estate.id}:", estate.name, whole))
            for b in uow.estates.buildings(estate.id):
                seen = votes.preview(uow, estate.id, b.id, BallotUnit.HOUSEHOLD)
                scopes.append((f"{estate.id}:{b.id}", f"{estate.name}{b.number}号楼", seen))
        households = [h for h in uow.households.rows() if staff.may_see_estate(h.estate_id)]
        return {
            "votes": list(uow.votes.find(staff.scope_estate)),
            "scopes": scopes,
            "unverified": [h for h in households if not h.verified],
            "household_count": len(households),
        }

    data = await in_uow(request, load)
    return {**data, "rules": RULE_LABELS, "default_options": " ".join(DEFAULT_OPTIONS)}


def _moment(form: Any, prefix: str, tz: Any) -> datetime | None:
    day_text = text_field(form, f"{prefix}_day", 20)
    if not day_text:
        return None
    try:
        day = date.fromisoformat(day_text)
        clock = time.fromisoformat(text_field(form, f"{prefix}_time", 10) or "20:00")
    except ValueError:
        raise VoteError("请填写正确的日期和时间。") from None
    return datetime.combine(day, clock, tz)


def _input(form: Any, staff: StaffUser, tz: Any) -> VoteInput:
    estate_text, _, building_text = text_field(form, "scope", 30).partition(":")
    if not estate_text.isdigit() or (building_text and not building_text.isdigit()):
        raise VoteError("请选择投票范围。")
    estate_id = int(estate_text)
    if not staff.may_see_estate(estate_id):
        raise VoteError("这个小区不归您负责。")
    closes = _moment(form, "closes", tz)
    if closes is None:
        raise VoteError("请填写截止时间。")
    try:
        rule = Rule(text_field(form, "rule", 20) or "simple")
        unit = BallotUnit(text_field(form, "unit", 20) or "household")
    except ValueError:
        raise VoteError("规则或计票方式不对。") from None
    turnout_text = text_field(form, "min_turnout", 4) or "0"
    if not turnout_text.isdigit():
        raise VoteError("最低参与率请填 0 到 100 的整数。")
    return VoteInput(
        estate_id=estate_id,
        building_id=int(building_text) if building_text else None,
        title=text_field(form, "title", 100),
        opens_at=_moment(form, "opens", tz),
        closes_at=closes,
        options=tuple(parse_options(text_field(form, "options", 200) or " ".join(DEFAULT_OPTIONS))),
        agree_option=text_field(form, "agree", 20) or None,
        unit=unit,
        secret=text_field(form, "secret", 5) != "0",
        rule=rule,
        min_turnout=int(turnout_text),
        topic_code=text_field(form, "topic_code", 16) or None,
    )


async def vote_create(request: web.Request) -> web.StreamResponse:
    staff, bot = user(request), linli(request)
    form = await request.post()
    at = now(request)

    def work(uow: UnitOfWork) -> int:
        data = _input(form, staff, bot.profile.tz)
        vote = votes.create(
            uow,
            data,
            actor=actor_label(staff),
            account=bot.settings.account,
            now=at,
            tz=bot.profile.tz,
        )
        uow.commit()
        assert vote.id is not None
        return vote.id

    try:
        vote_id = await in_uow(request, work)
    except VoteError as problem:
        await flash(request, str(problem), "error")
        raise back("/votes") from None
    await flash(request, f"已创建投票 V{vote_id:04d}。")
    raise back(f"/votes/{vote_id}")


@aiohttp_jinja2.template("vote.html")
async def vote_page(request: web.Request) -> dict[str, Any]:
    vote_id = int_param(request, "vid")
    staff, bot = user(request), linli(request)

    def load(uow: UnitOfWork) -> dict[str, Any] | None:
        vote = uow.votes.get(vote_id)
        if not _visible(staff, vote):
            return None
        assert vote is not None
        counted = verdict(uow, vote) if vote.opened_at else None
        objections = uow.objections.of_vote(vote_id)
        people = uow.people.many([o.person_id for o in objections])
        return {
            "v": vote,
            "scope": votes.scope_name(uow, vote),
            "counted": counted,
            "objections": [(o, people.get(o.person_id)) for o in objections],
            "opening": votes.opening_text(uow, vote, bot.profile.tz),
            "groups": votes.scope_groups(uow, vote),
        }

    data = await in_uow(request, load)
    if data is None:
        raise not_found("没有这个投票，或不在您负责的小区。")
    return {**data, "percent": percent}


async def ballots_export(request: web.Request) -> web.Response:
    vote_id = int_param(request, "vid")
    staff, tz = user(request), linli(request).profile.tz

    def load(uow: UnitOfWork) -> bytes | None:
        vote = uow.votes.get(vote_id)
        if not _visible(staff, vote) or vote is None or vote.opened_at is None:
            return None
        return vote_export.ballot_record(uow, vote, tz)

    body = await in_uow(request, load)
    if body is None:
        raise not_found()
    filename = quote(f"V{vote_id:04d}投票记录.xlsx")
    return web.Response(
        body=body,
        content_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"},
    )


async def objection_resolve(request: web.Request) -> web.StreamResponse:
    vote_id, objection_id = int_param(request, "vid"), int_param(request, "oid")
    staff = user(request)
    form = await request.post()
    at = now(request)

    def work(uow: UnitOfWork) -> str | None:
        vote = uow.votes.get(vote_id)
        if not _visible(staff, vote) or vote is None:
            return None
        votes.resolve_objection(
            uow,
            vote,
            objection_id,
            text_field(form, "resolution", 500),
            actor=actor_label(staff),
            now=at,
        )
        return "已记录处理意见。"

    await run_action(request, work, back_to=f"/votes/{vote_id}", refused=VoteError)
