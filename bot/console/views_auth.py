"""Login (argon2, lock-out after repeated failures) and logout."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import get_session, new_session

from bot.bootstrap import Linli
from bot.console.base import linli
from bot.console.security import verify_password
from bot.domain.staff import StaffUser
from bot.services import board


def register(app: web.Application) -> None:
    app.router.add_get("/login", login_page)
    app.router.add_post("/login", login_submit)
    app.router.add_post("/logout", logout)


@aiohttp_jinja2.template("login.html")
async def login_page(request: web.Request) -> dict[str, Any]:
    expired = "登录已过期，请重新登录。" if request.query.get("expired") else None
    return {"error": expired, "next": _safe_next(request.query.get("next", "/"))}


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


async def login_submit(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))[:256]
    target = _safe_next(str(form.get("next", "/")))
    bot = linli(request)
    ok, message = await bot.runtime.call(_check_login, bot, username, password)
    if not ok:
        return aiohttp_jinja2.render_template(
            "login.html", request, {"error": message, "next": target}, status=401
        )
    user = await bot.runtime.call(_by_username, bot, username)
    session = await new_session(request)
    stamp = bot.clock.now().timestamp()
    session["user_id"] = user.id
    session["epoch"] = user.session_epoch
    session["issued"] = session["seen"] = stamp
    raise web.HTTPFound(target)


def _check_login(bot: Linli, username: str, password: str) -> tuple[bool, str]:
    now = bot.clock.now()
    with bot.uow_factory() as uow:
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


def _by_username(bot: Linli, username: str) -> StaffUser:
    with bot.uow_factory() as uow:
        user = uow.staff.by_username(username)
        assert user is not None
        return user


async def logout(request: web.Request) -> web.StreamResponse:
    """End the session here and on the server: a copy of this cookie stops working too."""
    session = await get_session(request)
    user_id = session.get("user_id")
    if isinstance(user_id, int):
        bot = linli(request)
        await bot.runtime.call(_end_sessions, bot, user_id)
    session.invalidate()
    raise web.HTTPFound("/login")


def _end_sessions(bot: Linli, user_id: int) -> None:
    with bot.uow_factory() as uow:
        user = uow.staff.get(user_id)
        if user is not None:
            user.end_sessions()
            board.audit(uow, user, "logout", bot.clock.now())
            uow.commit()
