"""Login (argon2; throttled per client address and per typed username) and logout."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import get_session, new_session

from bot.bootstrap import Linli
from bot.console.base import linli
from bot.console.security import client_address, dummy_hash, local_path, verify_password
from bot.console.throttle import LoginThrottle
from bot.services import board

WRONG = "用户名或密码不对。"
THROTTLED = "这台电脑尝试登录的次数过多，请 15 分钟后再试。"


@dataclass
class LoginGuard:
    """What login needs besides the database: the throttle, the dummy hash and a way to wait
    (injected, so tests run on virtual time)."""

    throttle: LoginThrottle
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _dummy: str | None = None

    def dummy(self) -> str:
        if self._dummy is None:
            self._dummy = dummy_hash()
        return self._dummy


GUARD = web.AppKey("login_guard", LoginGuard)


def register(app: web.Application) -> None:
    app[GUARD] = LoginGuard(LoginThrottle())
    app.router.add_get("/login", login_page)
    app.router.add_post("/login", login_submit)
    app.router.add_post("/logout", logout)


@aiohttp_jinja2.template("login.html")
async def login_page(request: web.Request) -> dict[str, Any]:
    expired = "登录已过期，请重新登录。" if request.query.get("expired") else None
    return {"error": expired, "next": _safe_next(request.query.get("next", "/"))}


def _safe_next(target: str) -> str:
    """Where to go after login: a path on this site, else home."""
    return target if local_path(target) else "/"


async def login_submit(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))[:256]
    target = _safe_next(str(form.get("next", "/")))
    bot = linli(request)
    guard = request.app[GUARD]
    address = client_address(request, bot.settings.trusted_proxy_set())
    now = bot.clock.now().timestamp()

    def refuse(message: str) -> web.Response:
        return aiohttp_jinja2.render_template(
            "login.html", request, {"error": message, "next": target}, status=401
        )

    if guard.throttle.address_blocked(address, now):
        if guard.throttle.first_refusal(address, now):
            await bot.runtime.call(_audit_throttled, bot, address, "address")
        return refuse(THROTTLED)
    delay = guard.throttle.delay(username, now)
    # Counted as a failure now, taken back if the password is right: requests in flight
    # together each see the ones before them (counted after the check, all passed).
    guard.throttle.failed(address, username, now)
    if delay:
        await bot.runtime.call(_audit_throttled, bot, address, f"delay {delay:.0f}s")
        await guard.sleep(delay)
    login = await _check_login(bot, guard.dummy(), username, password, address)
    if login is None:
        return refuse(WRONG)
    guard.throttle.succeeded(username, address, now)
    user_id, epoch = login
    session = await new_session(request)
    stamp = bot.clock.now().timestamp()
    session["user_id"] = user_id
    session["epoch"] = epoch
    session["issued"] = session["seen"] = stamp
    raise web.HTTPFound(target)


async def _check_login(
    bot: Linli, dummy: str, username: str, password: str, address: str
) -> tuple[int, int] | None:
    """(user id, session epoch) when the password is right; None otherwise.

    An unknown username is verified against a dummy hash: the same argon2 work and the same
    answer as a wrong password. What was typed is kept in the audit log only when it names
    an account, since people type passwords into the username box. The account is read and
    the outcome written on the core's thread; argon2 (tens of milliseconds by design) runs
    on a thread of its own, so login attempts never hold residents' messages.
    """
    found = await bot.runtime.call(_account, bot, username)
    password_hash = found[0] if found else dummy
    right = await asyncio.to_thread(verify_password, password_hash, password)
    if found is None or not right:
        await bot.runtime.call(_record_login, bot, found[1] if found else None, False, address)
        return None
    return await bot.runtime.call(_record_login, bot, found[1], True, address)


def _account(bot: Linli, username: str) -> tuple[str, int] | None:
    """The account's password hash and id, when `username` names one."""
    if not username:
        return None
    with bot.uow_factory() as uow:
        user = uow.staff.by_username(username)
        if user is None or user.id is None:
            return None
        return user.password_hash, user.id


def _record_login(
    bot: Linli, user_id: int | None, right: bool, address: str
) -> tuple[int, int] | None:
    now = bot.clock.now()
    with bot.uow_factory() as uow:
        user = uow.staff.get(user_id) if user_id is not None else None
        if not right or user is None:
            board.audit(uow, user or "?", "login_failed", now, detail=f"from {address}")
            if user is not None:
                user.login_failed(now)
            uow.commit()
            return None
        user.login_succeeded()
        board.audit(uow, user, "login", now, detail=f"from {address}")
        uow.commit()
        assert user.id is not None
        return user.id, user.session_epoch


def _audit_throttled(bot: Linli, address: str, detail: str) -> None:
    with bot.uow_factory() as uow:
        board.audit(uow, "?", "login_throttled", bot.clock.now(), target=address, detail=detail)
        uow.commit()


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
