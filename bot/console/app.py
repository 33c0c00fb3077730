"""The console's app factory and its pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import get_session, new_session
from aiohttp_session import setup as setup_sessions
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.bootstrap import Linli
from bot.console.security import (
    PUBLIC_PREFIXES,
    Handler,
    csrf_middleware,
    csrf_token,
    load_secret,
    verify_password,
)
from bot.domain.cases import CATEGORY_LABELS, STATUS_LABELS, CaseStatus
from bot.domain.staff import StaffUser
from bot.services import board
from bot.transports.simulator import SimulatorTransport

HERE = Path(__file__).parent
LINLI = web.AppKey("linli", Linli)
USER = web.RequestKey("user", StaffUser)
SESSION_HOURS = 8


def create_app(linli: Linli) -> web.Application:
    app = web.Application(middlewares=[_errors, csrf_middleware, _auth])
    app[LINLI] = linli
    secret = load_secret(linli.settings.secret_key, linli.settings.data_dir)
    setup_sessions(
        app,
        EncryptedCookieStorage(
            secret,
            cookie_name="linli_session",
            max_age=SESSION_HOURS * 3600,
            httponly=True,
            samesite="Lax",
        ),
    )
    # The middlewares list runs before the session middleware that setup() appends;
    # move it to the front so every middleware can read the session.
    app.middlewares.insert(0, app.middlewares.pop())
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        context_processors=[_template_context],
    )
    env.filters["local"] = lambda dt: (
        dt.astimezone(linli.profile.tz).strftime("%m-%d %H:%M") if dt else ""
    )
    app.router.add_static("/static/", HERE / "static")
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/login", login_page)
    app.router.add_post("/login", login_submit)
    app.router.add_post("/logout", logout)
    app.router.add_get("/", cases_page)
    app.router.add_get("/cases/{case_id}", case_page)
    app.router.add_get("/groups", groups_page)
    app.router.add_get("/simulator", simulator_page)
    app.router.add_post("/simulator/say", simulator_say)
    app.router.add_get("/simulator/feed", simulator_feed)
    return app


async def start_console(linli: Linli) -> web.AppRunner:
    runner = web.AppRunner(create_app(linli), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, linli.settings.console_host, linli.settings.console_port)
    await site.start()
    return runner


# ---- middlewares and helpers -------------------------------------------------------------


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        request.app.logger.exception("console error on %s", request.path)
        raise web.HTTPInternalServerError(text="出错了，请稍后重试；问题已记录。") from None


@web.middleware
async def _auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(PUBLIC_PREFIXES):
        return await handler(request)
    session = await get_session(request)
    user_id = session.get("user_id")
    user = (
        await _linli(request).runtime.call(_load_user, _linli(request), user_id)
        if user_id
        else None
    )
    if user is None:
        if request.method == "GET" and not request.path.startswith("/simulator/"):
            raise web.HTTPFound(f"/login?next={request.path_qs}")
        raise web.HTTPUnauthorized(text="登录已过期，请重新登录。")
    request[USER] = user
    return await handler(request)


def _load_user(linli: Linli, user_id: int) -> StaffUser | None:
    with linli.uow_factory() as uow:
        return uow.staff.get(user_id)


def _linli(request: web.Request) -> Linli:
    return request.app[LINLI]


def _user(request: web.Request) -> StaffUser:
    return request[USER]


async def _template_context(request: web.Request) -> dict[str, Any]:
    linli = _linli(request)
    return {
        "user": request.get(USER),
        "community": linli.config.community.name,
        "bot_name": linli.config.bot.name,
        "connection": linli.runtime.connection,
        "csrf_token": await csrf_token(request),
        "path": request.path,
    }


async def _healthz(request: web.Request) -> web.Response:
    connection = _linli(request).runtime.connection
    return web.json_response({"ok": True, "transport_online": connection.online})


# ---- login -------------------------------------------------------------------------------


@aiohttp_jinja2.template("login.html")
async def login_page(request: web.Request) -> dict[str, Any]:
    return {"error": None, "next": request.query.get("next", "/")}


async def login_submit(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = str(form.get("next", "/"))
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    linli = _linli(request)
    ok, message = await linli.runtime.call(_check_login, linli, username, password)
    if not ok:
        return aiohttp_jinja2.render_template(
            "login.html", request, {"error": message, "next": target}, status=401
        )
    user = await linli.runtime.call(_by_username, linli, username)
    session = await new_session(request)
    session["user_id"] = user.id
    raise web.HTTPFound(target)


def _check_login(linli: Linli, username: str, password: str) -> tuple[bool, str]:
    now = linli.clock.now()
    with linli.uow_factory() as uow:
        user = uow.staff.by_username(username)
        if user is None:
            board.audit(uow, username or "?", "login_failed", now, detail="no such user")
            uow.commit()
            return False, "用户名或密码不对。"
        if user.is_locked(now):
            return False, "连续输错密码次数过多，账号已暂时锁定 15 分钟。"
        if not verify_password(user.password_hash, password):
            user.login_failed(now)
            board.audit(uow, user, "login_failed", now)
            uow.commit()
            if user.is_locked(now):
                return False, "连续输错密码次数过多，账号已暂时锁定 15 分钟。"
            return False, "用户名或密码不对。"
        user.login_succeeded()
        board.audit(uow, user, "login", now)
        uow.commit()
        return True, ""


def _by_username(linli: Linli, username: str) -> StaffUser:
    with linli.uow_factory() as uow:
        user = uow.staff.by_username(username)
        assert user is not None
        return user


async def logout(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    session.invalidate()
    raise web.HTTPFound("/login")


# ---- cases -------------------------------------------------------------------------------


@aiohttp_jinja2.template("cases.html")
async def cases_page(request: web.Request) -> dict[str, Any]:
    linli, user = _linli(request), _user(request)
    status = request.query.get("status") or None

    def load() -> list[board.CaseRow]:
        with linli.uow_factory() as uow:
            return board.case_rows(uow, user, status)

    return {
        "rows": await linli.runtime.call(load),
        "status": status,
        "statuses": STATUS_LABELS,
        "categories": CATEGORY_LABELS,
    }


@aiohttp_jinja2.template("case.html")
async def case_page(request: web.Request) -> dict[str, Any]:
    linli, user = _linli(request), _user(request)
    try:
        case_id = int(request.match_info["case_id"])
    except ValueError:
        raise web.HTTPNotFound(text="没有这个诉求。") from None

    def load() -> board.CaseDetail | None:
        with linli.uow_factory() as uow:
            return board.case_detail(uow, user, case_id)

    detail = await linli.runtime.call(load)
    if detail is None:
        raise web.HTTPNotFound(text="没有这个诉求，或不在您负责的小区。")
    return {"detail": detail, "statuses": STATUS_LABELS, "CaseStatus": CaseStatus}


@aiohttp_jinja2.template("groups.html")
async def groups_page(request: web.Request) -> dict[str, Any]:
    linli = _linli(request)

    def load() -> list[board.GroupRow]:
        with linli.uow_factory() as uow:
            return board.group_rows(uow, linli.settings.account)

    rows = await linli.runtime.call(load)
    return {
        "bound": [r for r in rows if r.group.bound],
        "unbound": [r for r in rows if not r.group.bound],
    }


# ---- chat simulator ----------------------------------------------------------------------


def _simulator(request: web.Request) -> SimulatorTransport | None:
    transport = _linli(request).transport
    return transport if isinstance(transport, SimulatorTransport) else None


@aiohttp_jinja2.template("simulator.html")
async def simulator_page(request: web.Request) -> dict[str, Any]:
    config = _linli(request).config
    people = [(m.shown_name, f"{m.role} · {m.category}") for m in config.members]
    residents = [("张阿姨", "居民"), ("李大爷", "居民"), ("小王", "居民")]
    return {
        "available": _simulator(request) is not None,
        "groups": [g.topic for g in config.groups],
        "people": residents + people,
    }


async def simulator_say(request: web.Request) -> web.Response:
    simulator = _simulator(request)
    if simulator is None:
        raise web.HTTPConflict(text="正在连接真实微信，模拟器不可用。")
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="请求格式不对。") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="请求格式不对。")
    name = str(body.get("name", "")).strip()[:40]
    text = str(body.get("text", ""))[:5000]
    group = body.get("group") or None
    if not name or not text.strip():
        raise web.HTTPBadRequest(text="请选择发言人并输入内容。")
    linli = _linli(request)
    from bot.replay import Directory

    directory = Directory(linli.config, simulator.bot_id)
    mention_names = tuple(n for n in (linli.config.bot.name,) if f"@{n}" in text)
    await simulator.say(
        sender_id=directory.person(name),
        sender_name=name,
        text=text,
        topic=str(group) if group else None,
        room_id=directory.room(str(group)) if group else None,
        mention_ids=tuple(directory.person(n) for n in mention_names),
        mention_names=mention_names,
    )
    return web.json_response({"ok": True})


async def simulator_feed(request: web.Request) -> web.Response:
    simulator = _simulator(request)
    if simulator is None:
        return web.json_response({"messages": []})
    try:
        after = int(request.query.get("after", "0"))
    except ValueError:
        after = 0
    tz = _linli(request).profile.tz
    messages = [
        {
            "seq": s.seq,
            "at": s.at.astimezone(tz).strftime("%H:%M:%S"),
            "group": s.group,
            "to": s.to,
            "text": s.rendered(),
        }
        for s in simulator.sent[after:]
    ]
    return web.json_response({"messages": messages})
