"""The broadcast composer: pick 小区/楼栋/groups, write, preview as in WeChat, schedule or send
now, confirm; then delivery progress per group from the outbox (bot.services.broadcasts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import (
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
    xlsx_response,
)
from bot.console.form_time import parse_moment
from bot.domain.broadcasts import (
    MAX_NOTICE_CHARS,
    MAX_SCHEDULE_AHEAD,
    Broadcast,
    BroadcastStatus,
    resolve_groups,
)
from bot.domain.community import GroupKind
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services import broadcasts
from bot.services.board import audit
from bot.services.broadcast_status import DELIVERY_NOTES, STATE_LABELS, STATUS_LABELS
from bot.services.broadcasts import BroadcastError


def register(app: web.Application) -> None:
    app.router.add_get("/broadcasts", broadcasts_page)
    app.router.add_get("/broadcasts.xlsx", broadcasts_export)
    app.router.add_post("/broadcasts/preview", broadcast_preview)
    app.router.add_get("/broadcasts/{bid}", broadcast_page)
    app.router.add_post("/broadcasts/{bid}/confirm", broadcast_confirm)
    app.router.add_post("/broadcasts/{bid}/drop", broadcast_drop)
    app.router.add_post("/broadcasts/{bid}/cancel", broadcast_cancel)


def actor_label(staff: StaffUser) -> str:
    return f"{staff.name}(console:{staff.username})"


def audience_choices(uow: UnitOfWork, staff: StaffUser) -> dict[str, Any]:
    """What the composer offers, each with how many groups it reaches."""
    where = broadcasts.places(uow)
    estates, buildings, groups = [], [], []
    for estate in where.estates:
        if not staff.may_see_estate(estate.id):
            continue
        reach = len(resolve_groups([f"estate:{estate.id}"], where))
        estates.append({"value": estate.name, "label": estate.name, "count": reach})
        for b in where.buildings:
            if b.estate_id == estate.id:
                reach = len(resolve_groups([f"building:{b.id}"], where))
                if reach:
                    label = f"{estate.name}{b.name}"
                    buildings.append({"value": label, "label": label, "count": reach})
    for g in where.live_groups():
        if staff.may_see_estate(g.estate_id):
            party = g.kind is GroupKind.PARTY
            groups.append({"value": g.topic, "label": g.topic + ("（党员群）" if party else "")})
    return {"estates": estates, "buildings": buildings, "groups": groups}


def visible(uow: UnitOfWork, staff: StaffUser, broadcast_id: int) -> Broadcast | None:
    found = uow.broadcasts.get(broadcast_id)
    if found is None:
        return None
    if staff.scope_estate is not None and found.scope_estate_id != staff.scope_estate:
        return None
    return found


@aiohttp_jinja2.template("broadcasts.html")
async def broadcasts_page(request: web.Request) -> dict[str, Any]:
    staff = user(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        return {
            **audience_choices(uow, staff),
            "recent": broadcasts.summaries(uow, 30, estate_id=staff.scope_estate),
        }

    return {
        **(await in_uow(request, load)),
        "max_chars": MAX_NOTICE_CHARS,
        "state_labels": STATE_LABELS,
        "form": {},
    }


def parse_when(text: str, at: datetime, tz: Any) -> datetime | None:
    """The form's datetime-local value, in the community's time zone; empty means now."""
    if not text:
        return None
    try:
        when = parse_moment(text).replace(tzinfo=tz)
    except ValueError:
        raise BroadcastError("定时时间看不懂，请重新选择。") from None
    if when <= at:
        raise BroadcastError("定时时间已经过去了，请选一个以后的时间，或留空立即发送。")
    if when - at > MAX_SCHEDULE_AHEAD:
        raise BroadcastError("定时最多可以安排在 90 天以内。")
    return when


async def broadcast_preview(request: web.Request) -> web.StreamResponse:
    staff = user(request)
    bot = linli(request)
    form = await request.post()
    picked = [str(v).strip() for v in form.getall("target", []) if str(v).strip()]
    body = text_field(form, "body", MAX_NOTICE_CHARS + 100)
    at = now(request)

    def work(uow: UnitOfWork) -> int:
        if not picked:
            raise BroadcastError("请至少选择一个小区、楼栋或群。")
        when = parse_when(text_field(form, "when", 40), at, bot.profile.tz)
        draft = broadcasts.compose(
            uow,
            account=bot.settings.account,
            actor=actor_label(staff),
            targets="、".join(picked),
            body=body,
            community=bot.config.community.name,
            tz=bot.profile.tz,
            now=at,
            scope_estate_id=staff.scope_estate,
            scheduled_at=when,
        )
        audit(uow, staff, "broadcast.compose", at, draft.broadcast.code, draft.broadcast.text)
        uow.commit()
        assert draft.broadcast.id is not None
        return draft.broadcast.id

    try:
        broadcast_id = await in_uow(request, work)
    except BroadcastError as problem:
        await flash(request, str(problem), "error")
        raise back("/broadcasts") from None
    raise back(f"/broadcasts/{broadcast_id}")


@aiohttp_jinja2.template("broadcast.html")
async def broadcast_page(request: web.Request) -> dict[str, Any]:
    broadcast_id = int_param(request, "bid")
    staff = user(request)

    def load(uow: UnitOfWork) -> broadcasts.Progress | None:
        if visible(uow, staff, broadcast_id) is None:
            return None
        return broadcasts.progress(uow, broadcast_id)

    progress = await in_uow(request, load)
    if progress is None:
        raise not_found("没有这条通知，或不在您负责的小区。")
    b = progress.broadcast
    topics = await in_uow(
        request, lambda uow: [g.topic for g in uow.groups.all() if g.id in set(b.group_ids)]
    )
    at = now(request)
    states = await in_uow(request, lambda uow: {s.name: s.label(at) for s in uow.accounts.all()})
    return {
        "accounts": progress.by_account(),
        "account_states": states,
        "p": progress,
        "b": b,
        "topics": topics,
        "draft": b.status is BroadcastStatus.DRAFT,
        "state_labels": STATE_LABELS,
        "status_labels": STATUS_LABELS,
        "delivery_notes": DELIVERY_NOTES,
        "refresh": b.status is BroadcastStatus.QUEUED and progress.pending > 0,
    }


async def _transition(request: web.Request, verb: str) -> web.StreamResponse:
    broadcast_id = int_param(request, "bid")
    staff = user(request)
    at = now(request)

    def work(uow: UnitOfWork) -> str | None:
        if visible(uow, staff, broadcast_id) is None:
            return None
        actor = actor_label(staff)
        if verb == "confirm":
            sent = broadcasts.confirm(uow, broadcast_id, actor=actor, now=at)
            done = f"通知 {sent.code} 已确认，共 {len(sent.group_ids)} 个群。"
        elif verb == "drop":
            dropped = broadcasts.drop(uow, broadcast_id, actor=actor, now=at)
            done = f"已作废通知 {dropped.code}，没有发送。"
        else:
            withdrawn = broadcasts.cancel(uow, broadcast_id, actor=actor, now=at)
            done = f"已撤回：还没发出的 {withdrawn} 个群不再发送；已发出的无法收回。"
        return done

    await run_action(
        request,
        work,
        back_to=f"/broadcasts/{broadcast_id}",
        refused=BroadcastError,
        missing="没有这条通知，或不在您负责的小区。",
    )


async def broadcast_confirm(request: web.Request) -> web.StreamResponse:
    return await _transition(request, "confirm")


async def broadcast_drop(request: web.Request) -> web.StreamResponse:
    return await _transition(request, "drop")


async def broadcast_cancel(request: web.Request) -> web.StreamResponse:
    return await _transition(request, "cancel")


async def broadcasts_export(request: web.Request) -> web.Response:
    staff = user(request)
    tz = linli(request).profile.tz
    rows = await in_uow(
        request, lambda uow: broadcasts.summaries(uow, 500, estate_id=staff.scope_estate)
    )
    header = [
        "编号",
        "状态",
        "对象",
        "群数",
        "已发",
        "待发",
        "失败",
        "内容",
        "创建",
        "定时",
        "发起人",
    ]
    body = [
        [
            s.broadcast.code,
            STATE_LABELS.get(str(s.broadcast.status), ""),
            s.broadcast.targets,
            len(s.broadcast.group_ids),
            s.counts.get("sent", 0),
            s.counts.get("pending", 0) + s.counts.get("sending", 0),
            s.counts.get("failed", 0),
            s.broadcast.text,
            s.broadcast.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            s.broadcast.scheduled_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            if s.broadcast.scheduled_at
            else "",
            s.broadcast.actor,
        ]
        for s in rows
    ]
    return await xlsx_response("通知记录.xlsx", [("通知", header, body)])
