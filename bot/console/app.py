"""The console's app factory: middlewares, sessions, templates, and each area's routes."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import get_session
from aiohttp_session import setup as setup_sessions

from bot.bootstrap import Linli, load_points_policy
from bot.console import (
    api,
    api_department,
    permissions,
    text,
    views_accounts,
    views_activities,
    views_auth,
    views_broadcasts,
    views_cases,
    views_dashboard,
    views_evidence,
    views_helpdesk,
    views_points,
    views_privacy,
    views_review,
    views_roster,
    views_simulator,
    views_suggestions,
    views_topics,
    views_votes,
)
from bot.console.base import LINLI, POLICY, USER, linli, pop_flash
from bot.console.errors import errors_middleware
from bot.console.security import (
    PUBLIC_PREFIXES,
    Handler,
    SessionStorage,
    add_security_headers,
    csrf_middleware,
    csrf_token,
    load_secret,
    session_expired,
)
from bot.domain.staff import StaffUser

HERE = Path(__file__).parent
# Slow clients (slow-loris). aiohttp has no header-read timeout of its own, but its
# keep-alive timer starts when a connection opens (and again after each answer) and closes
# it if no whole request head has arrived by then: that is our header deadline. Its default
# (3630 s) let one client hold a connection for an hour a few bytes at a time. The body has
# no timer in aiohttp at all: body_deadline below. A reverse proxy in front should still
# stop slow clients first (deploy/nginx/linli.conf).
HEADER_SECONDS = 30.0
BODY_SECONDS = 60.0  # a 4 MB upload at 70 KB/s; a proxy in front sends it at once
SESSION_HOURS = 8  # the cookie's lifetime; [console] session_hours is checked on the server

NAV = (
    ("/dashboard", "总览"),
    ("/", "诉求"),
    ("/broadcasts", "通知"),
    ("/activities", "活动"),
    ("/votes", "投票"),
    ("/topics", "议事"),
    ("/suggestions", "说事"),
    ("/points", "积分"),
    ("/helpdesk", "帮办代办"),
    ("/roster", "名册"),
    ("/groups", "群"),
    ("/simulator", "模拟器"),
)


def create_app(linli: Linli) -> web.Application:
    app = web.Application(
        middlewares=[body_deadline, errors_middleware, _auth, csrf_middleware],
        client_max_size=4 << 20,
    )
    app[LINLI] = linli
    app[POLICY] = load_points_policy(linli.config, linli.settings)
    secret = load_secret(linli.settings.secret_key, linli.settings.data_dir)
    setup_sessions(
        app,
        SessionStorage(
            secret,
            secure=linli.settings.cookie_secure,
            trusted=linli.settings.trusted_proxy_set(),
            cookie_name="linli_session",
            max_age=SESSION_HOURS * 3600,
            httponly=True,
            samesite="Lax",
        ),
    )
    app.on_response_prepare.append(add_security_headers)
    # The middlewares list runs before the session middleware that setup() appends;
    # move it to the front so every middleware can read the session.
    app.middlewares.insert(0, app.middlewares.pop())
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html", "svg"]),
        context_processors=[_template_context],
        finalize=text.finalize,  # bidi controls never reach the page
    )
    tz = linli.profile.tz
    env.filters["local"] = lambda dt: dt.astimezone(tz).strftime("%m-%d %H:%M") if dt else ""
    env.filters["localfull"] = lambda dt: dt.astimezone(tz).strftime("%Y-%m-%d %H:%M") if dt else ""
    env.filters["pct"] = lambda r: "—" if r is None else f"{r:.0%}"
    app.router.add_static("/static/", HERE / "static")
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/favicon.ico", _favicon)
    api_department.register(app, linli)
    for module in (
        views_auth,
        views_cases,
        views_evidence,
        views_review,
        views_broadcasts,
        views_activities,
        views_votes,
        views_points,
        views_helpdesk,
        views_roster,
        views_privacy,
        views_dashboard,
        views_simulator,
        views_topics,
        views_suggestions,
        views_accounts,
        api,
    ):
        module.register(app)
    return app


async def start_console(linli: Linli) -> web.AppRunner:
    runner = web.AppRunner(create_app(linli), access_log=None, keepalive_timeout=HEADER_SECONDS)
    await runner.setup()
    site = web.TCPSite(runner, linli.settings.console_host, linli.settings.console_port)
    await site.start()
    return runner


@web.middleware
async def body_deadline(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A request's body must have arrived BODY_SECONDS after its head, or the request ends
    with 408: a client dripping a body must not hold a handler (and what it holds) forever.
    The deadline is lifted the moment the body is complete, however long the handler runs."""
    if not request.body_exists or request.content.is_eof():
        return await handler(request)
    try:
        async with asyncio.timeout(BODY_SECONDS) as deadline:
            arrived = asyncio.ensure_future(request.content.wait_eof())

            def lift(done: asyncio.Future[None]) -> None:
                if not done.cancelled():
                    deadline.reschedule(None)

            arrived.add_done_callback(lift)
            try:
                return await handler(request)
            finally:
                arrived.cancel()
    except TimeoutError:
        if not deadline.expired():
            raise  # the handler's own timeout, not ours
        response = web.Response(status=408, text="请求发送太慢，已断开，请重试。")
        response.force_close()
        return response


@web.middleware
async def _auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(PUBLIC_PREFIXES):
        return await handler(request)
    bot = linli(request)
    session = await get_session(request)
    user_id = session.get("user_id")
    now = bot.clock.now().timestamp()
    settings = bot.config.console
    expired = bool(user_id) and session_expired(
        session, now, max_hours=settings.session_hours, idle_minutes=settings.idle_minutes
    )
    user = None
    if user_id and not expired:
        user = await bot.runtime.call(_load_user, bot, user_id)
        # Logout and a new password bump the account's epoch: older cookies are dead.
        if user is not None and session.get("epoch") != user.session_epoch:
            user = None
    if user is None:
        if user_id:
            session.invalidate()
        if request.method == "GET" and not request.path.startswith("/simulator/"):
            reason = "&expired=1" if expired else ""
            # Encoded whole, so a filtered list keeps every parameter through the login.
            raise web.HTTPFound(f"/login?next={quote(request.path_qs, safe='/')}{reason}")
        raise web.HTTPUnauthorized(text="登录已过期，请重新登录。")
    session["seen"] = now
    request[USER] = user
    if not permissions.allowed(request, user):
        raise web.HTTPForbidden(text=permissions.REFUSED)
    return await handler(request)


def _load_user(bot: Linli, user_id: int) -> StaffUser | None:
    with bot.uow_factory() as uow:
        return uow.staff.get(user_id)


async def _template_context(request: web.Request) -> dict[str, Any]:
    bot = linli(request)
    return {
        "user": request.get(USER),
        "community": bot.config.community.name,
        "bot_name": bot.config.bot.name,
        "connection": bot.runtime.connection,
        "csrf_token": await csrf_token(request),
        "path": request.path,
        "nav": NAV,
        "may": permissions.may,
        "flash": await pop_flash(request) if request.get(USER) else None,
    }


async def _favicon(request: web.Request) -> web.FileResponse:
    return web.FileResponse(
        HERE / "static" / "favicon.svg", headers={"Content-Type": "image/svg+xml"}
    )


async def _healthz(request: web.Request) -> web.Response:
    connection = linli(request).runtime.connection
    return web.json_response({"ok": True, "transport_online": connection.online})
