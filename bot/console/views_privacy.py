"""个人信息 (admins only): what the retention purge would remove, running it, and a resident's
rights — a copy of everything stored about them, and erasure. Each is audited."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import XLSX, back, flash, in_uow, linli, now, text_field, user
from bot.domain.staff import StaffRole
from bot.services import workbook
from bot.services.privacy import readable, retention, rights

WXID_LIMIT = 128


def register(app: web.Application) -> None:
    app.router.add_get("/privacy", privacy_page)
    app.router.add_post("/privacy/purge", privacy_purge)
    app.router.add_post("/privacy/export", privacy_export)
    app.router.add_post("/privacy/erase", privacy_erase)


def _admin_only(request: web.Request) -> str:
    staff = user(request)
    if staff.role is not StaffRole.ADMIN:
        raise web.HTTPForbidden(text="只有管理员可以查看和处理居民的个人信息。")
    return staff.username


def _policy(request: web.Request) -> retention.RetentionPolicy:
    return retention.policy_from_config(linli(request).config)


async def privacy_page(request: web.Request) -> web.Response:
    _admin_only(request)
    policy, at = _policy(request), now(request)
    counts = await in_uow(request, lambda uow: retention.plan(uow, policy, at))
    context: dict[str, Any] = {"policy": policy, "counts": counts}
    return aiohttp_jinja2.render_template("privacy.html", request, context)


async def privacy_purge(request: web.Request) -> web.Response:
    actor = _admin_only(request)
    bot = linli(request)
    policy, at = _policy(request), now(request)
    counts = await bot.runtime.call(retention.purge, bot.uow_factory, policy, at, actor, bot.media)
    await flash(request, f"已清理：{counts.describe()}")
    raise back("/privacy")


async def privacy_export(request: web.Request) -> web.Response:
    actor = _admin_only(request)
    form = await request.post()
    wxid, at = text_field(form, "wxid", WXID_LIMIT), now(request)
    as_json = text_field(form, "format", 8) == "json"  # Excel unless JSON is asked for
    policy = _policy(request)

    def work(uow: Any) -> rights.ResidentExport | None:
        try:
            found = rights.export(uow, wxid, at, actor)
        except rights.UnknownResident:
            return None
        uow.commit()
        return found

    def render(found: rights.ResidentExport) -> bytes:
        if as_json:
            return rights.export_json(found).encode("utf-8")
        return workbook.to_bytes(readable.resident_workbook(found, policy))

    found = await in_uow(request, work) if wxid else None
    if found is None:
        await flash(request, f"没有找到微信号「{wxid}」的记录。", "error")
        raise back("/privacy")
    # Years of messages take a moment to lay out: neither the bot's worker nor the console's
    # event loop waits for it.
    body = await asyncio.to_thread(render, found)
    filename = f"个人信息-{wxid}.{'json' if as_json else 'xlsx'}"
    return web.Response(
        body=body,
        content_type="application/json" if as_json else XLSX,
        charset="utf-8" if as_json else None,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


async def privacy_erase(request: web.Request) -> web.Response:
    actor = _admin_only(request)
    form = await request.post()
    wxid, at = text_field(form, "wxid", WXID_LIMIT), now(request)
    if text_field(form, "confirm", 200) != wxid or not wxid:
        await flash(request, "请在确认框里再输入一遍同一个微信号。", "error")
        raise back("/privacy")

    bot = linli(request)

    def work() -> rights.Erased | None:
        with bot.uow_factory() as uow:
            try:
                erased = rights.erase(uow, wxid, at, actor)
            except rights.UnknownResident:
                return None
            uow.commit()
            return erased

    # Off the bot's worker: an erasure reads every message and outbox row once for copies
    # of the person's words (seconds on a district's years); the bot keeps answering.
    erased = await asyncio.to_thread(work)
    if erased is not None:
        rights.forget_files(bot.media, erased)
    if erased is None:
        await flash(request, f"没有找到微信号「{wxid}」的记录。", "error")
    else:
        await flash(
            request, f"已删除或匿名化：{erased.describe()}。诉求保留（不含身份），积分保留合计。"
        )
    raise back("/privacy")
